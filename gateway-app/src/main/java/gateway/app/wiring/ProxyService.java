package gateway.app.wiring;

import gateway.app.config.GatewayConfig;
import gateway.app.config.ProxySection;
import gateway.app.lifecycle.Listener;
import gateway.app.lifecycle.StatefulService;
import gateway.proxy.config.CacheConfig;
import gateway.proxy.config.ProxyConfig;
import gateway.proxy.config.SpoofMode;
import gateway.proxy.server.ProxyServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** proxy-core's {@link ProxyServer} as a {@link gateway.app.lifecycle.ManagedService}, serving the one LAN of the config. */
public final class ProxyService extends StatefulService {
  private final ProxyServer server;

  ProxyService(GatewayConfig config, EventLoops loops) {
    this.server = ProxyServer.builder(toProxyConfig(config.proxy()))
        .eventLoopGroup(loops.proxyGroup(eventLoops(config.proxy().eventLoops(),
            Runtime.getRuntime().availableProcessors())))
        .allowedClients(config.lan().access())
        .build();
  }

  /**
   * How many event loops the proxy runs: as configured, or for {@code auto} one per core but one,
   * at least one and at most four. On a two-core box that is one loop: the kernel, forwarding
   * the LAN's other traffic, and the load on the box need the other core, and one loop measured
   * a lower p99 than two at every cached-object load (BENCHMARKS.md) while serving 56k cached
   * requests a second.
   */
  static int eventLoops(int configured, int cores) {
    return configured != ProxySection.AUTO ? configured : Math.max(1, Math.min(4, cores - 1));
  }

  /**
   * The module's config from the gateway's. The transparent listener binds the dual-stack
   * wildcard {@code [::]:port}, since TPROXY delivers connections for any destination address.
   */
  static ProxyConfig toProxyConfig(ProxySection p) {
    Optional<InetSocketAddress> transparent = Optional.empty();
    if (p.transparent().enabled()) {
      transparent = Optional.of(new InetSocketAddress(wildcard(), p.transparent().port()));
    }
    ProxySection.Cache c = p.cache();
    CacheConfig cache = new CacheConfig(c.enabled(), c.memory(), c.diskDir(), c.diskSize(), c.maxObject(),
        CacheConfig.defaults().heuristicCap());
    ProxyConfig d = ProxyConfig.defaults();
    return new ProxyConfig(Optional.of(p.listen()), transparent, new HashSet<>(p.connectPorts()),
        SpoofMode.parse(p.spoofClientAddress()), p.connectTimeout(), d.spoofProbeTimeout(),
        p.headerTimeout(), p.idleTimeout(), d.upstreamIdleTimeout(), p.responseTimeout(),
        d.maxIdlePerOrigin(), d.maxInitialLineLength(), (int) p.maxHeaderSize(), viaName(),
        p.accessLog(), cache);
  }

  /**
   * The Via received-by name: this machine's host name (from the kernel, no DNS), so two chained
   * gateways do not mistake each other's Via for a loop; "gateway" if it is not a plain token.
   */
  static String viaName() {
    try {
      String name = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).trim();
      if (name.matches("[A-Za-z0-9.\\-_]{1,63}")) {
        return name;
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux, or unreadable: fall back
    }
    return "gateway";
  }

  private static InetAddress wildcard() {
    try {
      return InetAddress.getByName("::");
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The proxy's running totals, for {@code GET /proxy/stats}, with the access log's dropped lines. */
  public Map<String, Object> stats() {
    Map<String, Object> stats = new java.util.LinkedHashMap<>(server.counters().snapshot());
    stats.put("access_log_dropped", server.accessLogDropped());
    return stats;
  }

  @Override
  public String name() {
    return "proxy";
  }

  @Override
  public int startOrder() {
    return 30;
  }

  @Override
  protected void startServing() throws Exception {
    server.start();
  }

  @Override
  public List<Listener> listeners() {
    List<Listener> out = new ArrayList<>();
    for (InetSocketAddress a : server.boundAddresses()) {
      out.add(Listener.tcp(a));
    }
    return out;
  }


  @Override
  protected void stopServing(Duration drain) {
    server.stop(drain);
  }
}
