package gateway.app.config;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code dns} section: the caching DNS forwarder. Listens on the gateway's LAN address, port 53,
 * unless told otherwise; serves the LAN only.
 */
public record DnsSection(boolean enabled, InetSocketAddress listen) {
  static DnsSection loopback() {
    return new DnsSection(true, new InetSocketAddress(IpAddresses.parse("127.0.0.1"), 5353));
  }

  static DnsSection read(ConfigNode n, LanConfig lan) {
    boolean enabled = n.bool("enabled", true);
    InetSocketAddress listen = n.parse("listen", lanPort(lan, 53), IpAddresses::parseSocket);
    n.finish();
    return new DnsSection(enabled, listen);
  }

  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", enabled);
    m.put("listen", IpAddresses.format(listen));
    return m;
  }

  static InetSocketAddress lanPort(LanConfig lan, int port) {
    return lan == null ? new InetSocketAddress(port) : new InetSocketAddress(lan.address(), port);
  }
}
