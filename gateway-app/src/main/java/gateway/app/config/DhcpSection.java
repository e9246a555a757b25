package gateway.app.config;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code dhcp} section: the DHCPv4 server. Off unless {@code enabled: true} and a pool is
 * given: a DHCP server that starts by accident breaks a network.
 */
public record DhcpSection(boolean enabled, String interfaceName, Optional<Pool> pool) {
  /** A range of addresses handed out, both ends included, inside the LAN subnet. */
  public record Pool(InetAddress start, InetAddress end) {}

  static DhcpSection off() {
    return new DhcpSection(false, "", Optional.empty());
  }

  static DhcpSection read(ConfigNode n, LanConfig lan) {
    boolean enabled = n.bool("enabled", false);
    String iface = n.string("interface", lan == null ? "" : lan.interfaceName());
    Optional<Pool> pool = Optional.empty();
    if (n.has("pool")) {
      ConfigNode p = n.object("pool");
      InetAddress start = p.parse("start", null, IpAddresses::parse);
      InetAddress end = p.parse("end", null, IpAddresses::parse);
      if (!p.has("start")) {
        p.error("start", "is required");
      }
      if (!p.has("end")) {
        p.error("end", "is required");
      }
      if (lan != null) {
        inside(p, "start", start, lan);
        inside(p, "end", end, lan);
      }
      if (start != null && end != null && compare(start, end) > 0) {
        p.error("end", end.getHostAddress() + " is before pool.start " + start.getHostAddress());
      }
      p.finish();
      if (start != null && end != null) {
        pool = Optional.of(new Pool(start, end));
      }
    } else if (enabled) {
      n.error("pool", "is required when dhcp is enabled (the range of addresses to hand out)");
    }
    n.finish();
    return new DhcpSection(enabled, iface, pool);
  }

  private static void inside(ConfigNode p, String key, InetAddress a, LanConfig lan) {
    if (a != null && !lan.subnet().contains(a)) {
      p.error(key, a.getHostAddress() + " is outside lan.subnet " + lan.subnet());
    } else if (a != null && a.equals(lan.address())) {
      p.error(key, a.getHostAddress() + " is the gateway's own address (lan.address)");
    }
  }

  private static int compare(InetAddress a, InetAddress b) {
    return Arrays.compareUnsigned(a.getAddress(), b.getAddress());
  }

  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", enabled);
    m.put("interface", interfaceName);
    pool.ifPresent(p -> {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("start", p.start().getHostAddress());
      pm.put("end", p.end().getHostAddress());
      m.put("pool", pm);
    });
    return m;
  }
}
