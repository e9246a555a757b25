package gateway.app.config;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code smtp} section: the LAN's smarthost. Listens on the gateway's LAN address, port 25,
 * unless told otherwise; relays for the LAN only.
 */
public record SmtpSection(boolean enabled, InetSocketAddress listen) {
  static SmtpSection loopback() {
    return new SmtpSection(true, new InetSocketAddress(IpAddresses.parse("127.0.0.1"), 2525));
  }

  static SmtpSection read(ConfigNode n, LanConfig lan) {
    boolean enabled = n.bool("enabled", true);
    InetSocketAddress listen = n.parse("listen", DnsSection.lanPort(lan, 25), IpAddresses::parseSocket);
    n.finish();
    return new SmtpSection(enabled, listen);
  }

  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", enabled);
    m.put("listen", IpAddresses.format(listen));
    return m;
  }
}
