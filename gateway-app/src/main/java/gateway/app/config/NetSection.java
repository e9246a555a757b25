package gateway.app.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code net} section: the netfilter and policy-routing setup that diverts the LAN's port-80
 * traffic to the transparent proxy ({@code gateway net print|apply|revert}).
 *
 * @param applyOnStart {@code run} applies the setup on start and reverts it on stop
 * @param fwmark the packet mark TPROXY sets and the policy rule matches (a single bit)
 * @param routeTable the routing table holding the local default route for marked packets
 * @param table the nft table of our own (family inet), so nothing else is touched
 */
public record NetSection(boolean applyOnStart, int fwmark, int routeTable, String table) {
  static NetSection defaults() {
    return new NetSection(false, 1, 100, "gateway_tproxy");
  }

  static NetSection read(ConfigNode n) {
    NetSection d = defaults();
    boolean apply = n.bool("apply_on_start", d.applyOnStart());
    int mark = n.integer("fwmark", d.fwmark(), 1, 1 << 30);
    if (Integer.bitCount(mark) != 1) {
      n.error("fwmark", mark + " must be a single bit (1, 2, 4, ...): the rules match it as value/mask");
    }
    int table = n.integer("route_table", d.routeTable(), 1, 252);
    String name = n.string("table", d.table());
    if (!name.matches("[a-z][a-z0-9_]{0,31}")) {
      n.error("table", "'" + name + "' is not an nft table name (lower-case letters, digits, _)");
    }
    n.finish();
    return new NetSection(apply, mark, table, name);
  }

  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("apply_on_start", applyOnStart);
    m.put("fwmark", fwmark);
    m.put("route_table", routeTable);
    m.put("table", table);
    return m;
  }
}
