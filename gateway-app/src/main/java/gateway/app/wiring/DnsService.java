package gateway.app.wiring;

import gateway.app.config.DnsSection;
import gateway.app.config.GatewayConfig;
import gateway.app.lifecycle.Listener;
import gateway.app.lifecycle.StatefulService;
import gateway.dns.config.DnsConfig;
import gateway.dns.local.LocalNames;
import gateway.dns.server.DnsServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The dns-cache forwarder as a {@link gateway.app.lifecycle.ManagedService}; the admin routes reach it through here. */
public final class DnsService extends StatefulService {
  /** The cache snapshot's name inside {@code data_dir}. */
  static final String CACHE_FILE = "dns-cache.snapshot";

  private final DnsServer server;

  DnsService(GatewayConfig config, EventLoops loops) {
    this.server = DnsServer.builder()
        .config(toDnsConfig(config))
        .eventLoopGroup(loops.group())
        .accessPredicate(config.lan().access())
        .build();
  }

  /** The module's config from the gateway's: the LAN's domain and subnet come from {@code lan}. */
  static DnsConfig toDnsConfig(GatewayConfig config) {
    DnsSection d = config.dns();
    Map<String, List<String>> hosts = new LinkedHashMap<>();
    for (DnsSection.StaticHost h : d.hosts()) {
      hosts.computeIfAbsent(h.name(), k -> new ArrayList<>())
          .addAll(h.addresses().stream().map(a -> a.getHostAddress()).toList());
    }
    List<InetSocketAddress> upstreams = new ArrayList<>();
    Map<InetSocketAddress, String> tlsNames = new LinkedHashMap<>();
    for (DnsSection.TlsUpstream t : d.tlsUpstreams()) { // private transport first
      upstreams.add(t.address());
      tlsNames.put(t.address(), t.name());
    }
    upstreams.addAll(d.upstreams());
    return new DnsConfig(
        List.of(d.listen()),
        upstreams,
        d.resolvConf(),
        d.upstreamTimeout(),
        d.cacheSize(),
        d.minTtl(),
        d.maxTtl(),
        d.negativeMaxTtl(),
        d.serveStale(),
        d.staleMaxAge(),
        DnsConfig.defaults().staleAnswerTtl(),
        d.rebindingProtection(),
        d.rebindingAllowedDomains(),
        config.lan().domain(),
        List.of(config.lan().subnet().toString()),
        d.localTtl(),
        hosts,
        d.hostsFiles(),
        d.persistCache() ? Optional.of(config.dataDir().resolve(CACHE_FILE)) : Optional.empty(),
        d.prefetch(),
        d.rateLimitPerClient(),
        d.raceUpstreams(),
        tlsNames,
        Optional.ofNullable(d.tlsCaFile()));
  }

  /** Where DHCP lease names go (see LinksModule when dhcp-server is wired). */
  public LocalNames localNames() {
    return server.localNames();
  }

  /** The running server, for the admin routes. */
  DnsServer server() {
    return server;
  }

  @Override
  public String name() {
    return "dns";
  }

  @Override
  public int startOrder() {
    return 10;
  }

  @Override
  protected void startServing() throws Exception {
    server.start();
  }

  @Override
  public List<Listener> listeners() {
    List<Listener> out = new ArrayList<>();
    for (InetSocketAddress a : server.boundAddresses()) {
      out.add(Listener.udp(a));
      out.add(Listener.tcp(a));
    }
    return out;
  }


  @Override
  protected void stopServing(Duration drain) {
    server.stop(drain);
  }
}
