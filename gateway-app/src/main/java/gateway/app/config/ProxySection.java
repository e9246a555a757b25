package gateway.app.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code proxy} section: the caching HTTP proxy. {@code listen} is the explicit (configured)
 * proxy port, by default the gateway's LAN address port 3128; {@code transparent} is the TPROXY
 * listener that the netfilter rules of {@code gateway net} divert the LAN's port-80 traffic to.
 * The other keys tune proxy-core (upstream source address, timeouts, limits, access log, cache).
 */
public record ProxySection(boolean enabled, InetSocketAddress listen, Transparent transparent,
    String spoofClientAddress, List<Integer> connectPorts, Duration connectTimeout,
    Duration responseTimeout, Duration headerTimeout, Duration idleTimeout, long maxHeaderSize,
    String accessLog, int eventLoops, Cache cache) {
  /** {@code event_loops: auto}: chosen from the machine's cores when the proxy starts. */
  public static final int AUTO = 0;

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

  /** The shared cache: memory tier, optional disk tier, largest object stored. */
  public record Cache(boolean enabled, long memory, Optional<Path> diskDir, long diskSize, long maxObject) {
    static Cache defaults() {
      return new Cache(true, 64L << 20, Optional.empty(), 1L << 30, 8L << 20);
    }
  }

  static ProxySection loopback() {
    return new ProxySection(true, new InetSocketAddress(IpAddresses.parse("127.0.0.1"), 3128),
        new Transparent(false, 3129, WhenDown.BYPASS), "auto", List.of(443), Duration.ofSeconds(10),
        Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(120), 32 * 1024, "-", AUTO,
        Cache.defaults());
  }

  private static String spoofMode(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    if (!t.equals("auto") && !t.equals("always") && !t.equals("never")) {
      throw new IllegalArgumentException("'" + text + "' is not one of: auto, always, never");
    }
    return t;
  }

  private static Integer eventLoops(String text) {
    if (text.equalsIgnoreCase("auto")) {
      return AUTO;
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= 16) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("'" + text + "' is not auto or a number of threads (1-16)");
  }

  private static Integer port(String text) {
    try {
      int p = Integer.parseInt(text);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("'" + text + "' is not a port (1-65535)");
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
    ProxySection d = loopback();
    String spoof = n.parse("spoof_client_address", d.spoofClientAddress(), ProxySection::spoofMode);
    List<Integer> connectPorts = n.list("connect_ports", d.connectPorts(), ProxySection::port);
    Duration connectTimeout = positive(n, "connect_timeout", d.connectTimeout());
    Duration responseTimeout = positive(n, "response_timeout", d.responseTimeout());
    Duration headerTimeout = positive(n, "header_timeout", d.headerTimeout());
    Duration idleTimeout = positive(n, "idle_timeout", d.idleTimeout());
    long maxHeader = n.bytes("max_header_size", d.maxHeaderSize());
    if (maxHeader < 256 || maxHeader > 1 << 20) {
      n.error("max_header_size", maxHeader + " is outside 256 bytes .. 1M");
    }
    String accessLog = n.string("access_log", d.accessLog());
    int eventLoops = n.parse("event_loops", AUTO, ProxySection::eventLoops);
    ConfigNode c = n.object("cache");
    Cache dc = Cache.defaults();
    Cache cache = new Cache(
        c.bool("enabled", dc.enabled()),
        c.bytes("memory", dc.memory()),
        c.optString("disk_dir").filter(s -> !s.isBlank()).map(Path::of),
        c.bytes("disk_size", dc.diskSize()),
        c.bytes("max_object", dc.maxObject()));
    if (cache.maxObject() > Integer.MAX_VALUE - 1024) {
      c.error("max_object", "must be below 2G");
    }
    if (cache.diskDir().isPresent() && !cache.diskDir().get().isAbsolute()) {
      c.error("disk_dir", "must be an absolute path");
    }
    c.finish();
    n.finish();
    return new ProxySection(enabled, listen, transparent, spoof, connectPorts, connectTimeout,
        responseTimeout, headerTimeout, idleTimeout, maxHeader, accessLog, eventLoops, cache);
  }

  private static Duration positive(ConfigNode n, String key, Duration fallback) {
    Duration d = n.duration(key, fallback);
    if (d.isZero() || d.isNegative()) {
      n.error(key, "must be positive");
      return fallback;
    }
    return d;
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
    m.put("spoof_client_address", spoofClientAddress);
    m.put("connect_ports", connectPorts);
    m.put("connect_timeout", Durations.format(connectTimeout));
    m.put("response_timeout", Durations.format(responseTimeout));
    m.put("header_timeout", Durations.format(headerTimeout));
    m.put("idle_timeout", Durations.format(idleTimeout));
    m.put("max_header_size", ByteSizes.format(maxHeaderSize));
    m.put("access_log", accessLog);
    m.put("event_loops", eventLoops == AUTO ? "auto" : eventLoops);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("enabled", cache.enabled());
    c.put("memory", ByteSizes.format(cache.memory()));
    c.put("disk_dir", cache.diskDir().map(Path::toString).orElse(""));
    c.put("disk_size", ByteSizes.format(cache.diskSize()));
    c.put("max_object", ByteSizes.format(cache.maxObject()));
    m.put("cache", c);
    return m;
  }
}
