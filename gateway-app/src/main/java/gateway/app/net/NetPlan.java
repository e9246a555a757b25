package gateway.app.net;

import gateway.app.config.Cidr;
import gateway.app.config.GatewayConfig;
import gateway.app.config.ProxySection.WhenDown;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the transparent proxy needs from the kernel, derived from the config: an nft table of our
 * own, a policy rule per family (fwmark → table), a local default route in that table, and a few
 * sysctls. A pure value: printing, applying and reverting all read it.
 *
 * @param lanInterface the only interface whose port-80 traffic is diverted
 * @param proxyPort the transparent listener's port
 * @param fwmark the mark (a single bit) TPROXY sets and the policy rule matches
 * @param routeTable the table holding the local default route
 * @param table our nft table (family inet)
 * @param whenDown what LAN port-80 traffic does while no proxy listens
 * @param ipv6 whether the LAN has IPv6 networks (then IPv6 forwarding and the ip6 twins are set up)
 */
public record NetPlan(String lanInterface, int proxyPort, int fwmark, int routeTable, String table,
    WhenDown whenDown, boolean ipv6) {
  private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");

  public NetPlan {
    Objects.requireNonNull(whenDown, "whenDown");
    if (!INTERFACE.matcher(lanInterface).matches()) {
      throw new IllegalArgumentException("bad interface name " + lanInterface);
    }
  }

  public static NetPlan of(GatewayConfig config) {
    boolean v6 = config.lan().subnet().network() instanceof Inet6Address
        || config.lan().alsoAllow().stream().map(Cidr::network).anyMatch(a -> a instanceof Inet6Address);
    return new NetPlan(config.lan().interfaceName(), config.proxy().transparent().port(),
        config.net().fwmark(), config.net().routeTable(), config.net().table(),
        config.proxy().transparent().whenDown(), v6);
  }

  String mark() {
    return "0x" + Integer.toHexString(fwmark);
  }

  /** The policy rule's selector as {@code ip rule} prints it, e.g. {@code fwmark 0x1/0x1 lookup 100}. */
  String ruleSelector() {
    return "fwmark " + mark() + "/" + mark() + " lookup " + routeTable;
  }

  /**
   * One nft transaction that (re)creates our table whole: {@code add} then {@code delete} makes it
   * idempotent, and nft applies the file atomically, so there is no moment without rules.
   */
  public String nftApplyScript() {
    StringBuilder s = new StringBuilder();
    s.append("add table inet ").append(table).append('\n');
    s.append("delete table inet ").append(table).append('\n');
    s.append("table inet ").append(table).append(" {\n");
    s.append("  chain divert {\n");
    s.append("    type filter hook prerouting priority mangle; policy accept;\n");
    s.append("    tcp flags & (fin | syn | rst | ack) != syn socket transparent 1 meta mark set ")
        .append(mark()).append(" accept comment \"established transparent sockets; pure SYNs skip TIME_WAIT sockets\"\n");
    s.append("    iifname != \"").append(lanInterface).append("\" return comment \"only the LAN is intercepted\"\n");
    s.append("    fib daddr type local return comment \"traffic to the gateway itself never loops\"\n");
    s.append("    meta nfproto ipv4 tcp dport 80 tproxy ip to :").append(proxyPort).append(" meta mark set ")
        .append(mark()).append(" accept\n");
    if (ipv6) {
      s.append("    meta nfproto ipv6 tcp dport 80 tproxy ip6 to :").append(proxyPort).append(" meta mark set ")
          .append(mark()).append(" accept\n");
    }
    if (whenDown == WhenDown.DROP) {
      s.append("    tcp dport 80 drop comment \"no proxy listening: nothing leaves unproxied\"\n");
    }
    s.append("  }\n");
    s.append("}\n");
    return s.toString();
  }

  public String nftDeleteScript() {
    return "delete table inet " + table + "\n";
  }

  /** The families to set up policy routing for: {@code -4}, and {@code -6} when the LAN has IPv6. */
  List<String> families() {
    return ipv6 ? List.of("-4", "-6") : List.of("-4");
  }

  List<String> ruleAdd(String family) {
    return List.of("ip", family, "rule", "add", "fwmark", mark() + "/" + mark(), "lookup",
        Integer.toString(routeTable));
  }

  List<String> ruleDelete(String family) {
    return List.of("ip", family, "rule", "del", "fwmark", mark() + "/" + mark(), "lookup",
        Integer.toString(routeTable));
  }

  List<String> routeAdd(String family) {
    return List.of("ip", family, "route", "add", "local", "-4".equals(family) ? "0.0.0.0/0" : "::/0",
        "dev", "lo", "table", Integer.toString(routeTable));
  }

  List<String> routeDelete(String family) {
    return List.of("ip", family, "route", "del", "local", "-4".equals(family) ? "0.0.0.0/0" : "::/0",
        "dev", "lo", "table", Integer.toString(routeTable));
  }

  /** Every table: {@code show table N} fails while table N is still empty. */
  List<String> routeShow(String family) {
    return List.of("ip", family, "route", "show", "table", "all");
  }

  /** How {@code ip route show table all} prints our local default route. */
  String localRoutePrefix() {
    return "local default dev lo table " + routeTable + " ";
  }

  /**
   * The sysctls, by their /proc/sys path below {@code net/}, and the values the setup needs:
   * forwarding on; ICMP redirects off, since a one-NIC gateway would otherwise tell its clients to
   * bypass it. rp_filter stays as it is: the diverted packets' sources are LAN clients reached
   * through the LAN interface, which even strict reverse-path filtering accepts.
   */
  public Map<String, String> sysctls() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ipv4/ip_forward", "1");
    m.put("ipv4/conf/all/send_redirects", "0");
    m.put("ipv4/conf/" + lanInterface + "/send_redirects", "0");
    if (ipv6) {
      m.put("ipv6/conf/all/forwarding", "1");
    }
    return m;
  }

  /** The same setup as the original's iptables mangle-table commands, for boxes without nft. */
  public List<String> iptablesCommands() {
    List<String> c = new ArrayList<>();
    for (String ipt : ipv6 ? List.of("iptables", "ip6tables") : List.of("iptables")) {
      c.add(ipt + " -t mangle -N DIVERT");
      c.add(ipt + " -t mangle -A DIVERT -j MARK --set-mark " + fwmark);
      c.add(ipt + " -t mangle -A DIVERT -j ACCEPT");
      c.add(ipt + " -t mangle -A PREROUTING -p tcp ! --syn -m socket --transparent -j DIVERT");
      c.add(ipt + " -t mangle -A PREROUTING ! -i " + lanInterface + " -j RETURN");
      c.add(ipt + " -t mangle -A PREROUTING -m addrtype --dst-type LOCAL -j RETURN");
      c.add(ipt + " -t mangle -A PREROUTING -i " + lanInterface + " -p tcp --dport 80 -j TPROXY --tproxy-mark "
          + mark() + "/" + mark() + " --on-port " + proxyPort);
      if (whenDown == WhenDown.DROP) {
        c.add("# iptables' TPROXY target already drops what it cannot divert (when_down: drop)");
      }
    }
    return c;
  }
}
