package gateway.app.config;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code proxy} section: the caching HTTP proxy. {@code listen} is the explicit (configured)
 * proxy port, by default the gateway's LAN address port 3128; {@code transparent} is the TPROXY
 * listener that the netfilter rules of {@code gateway net} divert the LAN's port-80 traffic to.
 */
public record ProxySection(boolean enabled, InetSocketAddress listen, Transparent transparent) {
  /** What LAN port-80 traffic does while no transparent listener is there. */
  public enum WhenDown {
    /** Forwarded straight to the origin, unproxied: the web keeps working (nft tproxy's own behaviour). */
    BYPASS,
    /** Dropped: nothing leaves the LAN unproxied. */
    DROP;

    static WhenDown parse(String text) {
      try {
        return valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + text + "' is not one of: bypass, drop");
      }
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The TPROXY listener: a wildcard dual-stack socket with IP_TRANSPARENT on {@code port}, which
   * receives the LAN's port-80 connections with their original destination intact.
   */
  public record Transparent(boolean enabled, int port, WhenDown whenDown) {}

  static ProxySection loopback() {
    return new ProxySection(true, new InetSocketAddress(IpAddresses.parse("127.0.0.1"), 3128),
        new Transparent(false, 3129, WhenDown.BYPASS));
  }

  static ProxySection read(ConfigNode n, LanConfig lan) {
    boolean enabled = n.bool("enabled", true);
    InetSocketAddress listen = n.parse("listen", DnsSection.lanPort(lan, 3128), IpAddresses::parseSocket);
    ConfigNode t = n.object("transparent");
    Transparent transparent = new Transparent(
        t.bool("enabled", true),
        t.integer("port", 3129, 1, 65535),
        t.parse("when_down", WhenDown.BYPASS, WhenDown::parse));
    t.finish();
    if (transparent.enabled() && listen.getPort() == transparent.port()) {
      t.error("port", transparent.port() + " is also proxy.listen's port; the two listeners need their own ports");
    }
    n.finish();
    return new ProxySection(enabled, listen, transparent);
  }

  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", enabled);
    m.put("listen", IpAddresses.format(listen));
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("enabled", transparent.enabled());
    t.put("port", transparent.port());
    t.put("when_down", transparent.whenDown().label());
    m.put("transparent", t);
    return m;
  }
}
