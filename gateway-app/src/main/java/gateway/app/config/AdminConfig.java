package gateway.app.config;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The admin HTTP endpoint ({@code /health}, {@code /version}, and what the CLI asks a running
 * gateway). Loopback by default: it is for the box's owner, not for the LAN.
 */
public record AdminConfig(boolean enabled, InetSocketAddress listen) {
  public static final InetSocketAddress DEFAULT_LISTEN =
      new InetSocketAddress(IpAddresses.parse("127.0.0.1"), 9180);

  public AdminConfig {
    Objects.requireNonNull(listen, "listen");
  }

  public static AdminConfig defaults() {
    return new AdminConfig(true, DEFAULT_LISTEN);
  }

  static AdminConfig read(ConfigNode n) {
    boolean enabled = n.bool("enabled", true);
    InetSocketAddress listen = n.parse("listen", DEFAULT_LISTEN, IpAddresses::parseSocket);
    n.finish();
    return new AdminConfig(enabled, listen);
  }

  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", enabled);
    m.put("listen", IpAddresses.format(listen));
    return m;
  }
}
