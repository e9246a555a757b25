package gateway.app.config;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code proxy} section: the caching HTTP proxy. {@code listen} is the explicit (configured)
 * proxy port, by default the gateway's LAN address port 3128.
 */
public record ProxySection(boolean enabled, InetSocketAddress listen) {
  static ProxySection loopback() {
    return new ProxySection(true, new InetSocketAddress(IpAddresses.parse("127.0.0.1"), 3128));
  }

  static ProxySection read(ConfigNode n, LanConfig lan) {
    boolean enabled = n.bool("enabled", true);
    InetSocketAddress listen = n.parse("listen", DnsSection.lanPort(lan, 3128), IpAddresses::parseSocket);
    n.finish();
    return new ProxySection(enabled, listen);
  }

  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", enabled);
    m.put("listen", IpAddresses.format(listen));
    return m;
  }
}
