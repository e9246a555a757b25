package gateway.dns.server;

import gateway.dns.cache.CacheSnapshot;
import gateway.dns.cache.CachingResolver;
import gateway.dns.cache.DnsCache;
import gateway.dns.config.Cidr;
import gateway.dns.config.DnsConfig;
import gateway.dns.handler.ClientRateGate;
import gateway.dns.handler.DatagramCacheHitHandler;
import gateway.dns.handler.DnsQueryHandler;
import gateway.dns.handler.QueryProcessor;
import gateway.dns.local.HostTable;
import gateway.dns.local.HostsFile;
import gateway.dns.local.HostsFilesWatch;
import gateway.dns.local.LocalNames;
import gateway.dns.local.LocalZone;
import gateway.dns.local.ReverseZones;
import gateway.dns.metrics.CompositeListener;
import gateway.dns.metrics.DnsListener;
import gateway.dns.metrics.DnsStats;
import gateway.dns.metrics.DnsStatsSnapshot;
import gateway.dns.policy.ClientRateLimiter;
import gateway.dns.policy.RebindingFilter;
import gateway.dns.policy.TtlPolicy;
import gateway.dns.upstream.ResolvConf;
import gateway.dns.upstream.RoutingUpstream;
import gateway.dns.upstream.UpstreamTransport;
import gateway.dns.upstream.TcpUpstream;
import gateway.dns.upstream.UdpUpstream;
import gateway.dns.upstream.UpstreamForwarder;
import gateway.dns.upstream.UpstreamHealth;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The caching DNS forwarder: UDP and TCP listeners on the same port, LAN names, the cache and
 * the upstreams. Use as a library:
 * <pre>{@code
 * DnsServer dns = DnsServer.builder().config(DnsConfig.defaults()).build();
 * dns.start();                          // binds, or throws DnsServerException with the fix
 * dns.localNames().add("laptop", addr); // e.g. from DHCP lease events
 * dns.stop(Duration.ofSeconds(2));
 * }</pre>
 */
public final class DnsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
  /** How often the hosts files are checked for changes. */
  private static final long HOSTS_POLL_SECONDS = 5;
  /** Reads (recvmsg or recvmmsg calls) per readiness event before the answers go out. */
  private static final int UDP_READS_PER_WAKEUP = 16;
  /** Bytes read per datagram; more than any accepted query, so oversize shows. */
  private static final int DATAGRAM_SLOT = 2048;
  /** Datagrams one recvmmsg may return. */
  private static final int RECVMMSG_SLOTS = 16;

  private final DnsConfig config;
  private final EventLoopGroup externalGroup;
  private final Predicate<InetAddress> access;
  private final DnsStats stats = new DnsStats();
  private final DnsListener listener;
  private final Clock clock;
  private final Random random;
  private final int maxTcpConnections;
  private final HostTable hosts;
  private final LocalZone localZone;
  private final DnsCache cache;

  private EventLoopGroup group;
  private boolean ownGroup;
  private DnsQueryHandler handler;
  private DatagramCacheHitHandler fastPath;
  private ClientRateGate gate;
  private QueryProcessor processor;
  private List<InetSocketAddress> upstreams = List.of();
  private final List<Channel> listeners = new ArrayList<>();
  private ChannelGroup tcpConnections;
  private final List<InetSocketAddress> bound = new ArrayList<>();
  private volatile HostsFilesWatch hostsWatch;
  private io.netty.util.concurrent.ScheduledFuture<?> hostsReload;

  private DnsServer(Builder b) {
    this.config = b.config;
    this.externalGroup = b.group;
    this.listener = new CompositeListener(stats, b.listener);
    this.clock = b.clock;
    this.random = b.random;
    this.maxTcpConnections = b.maxTcpConnections;
    List<Cidr> lan = config.localNetworks().stream().map(Cidr::parse).toList();
    this.access = b.access != null ? b.access
        : a -> a.isLoopbackAddress() || lan.stream().anyMatch(c -> c.contains(a));
    Name domain = absolute(config.localDomain());
    this.hosts = new HostTable(domain);
    List<Name> zones = new ArrayList<>();
    zones.add(domain);
    lan.forEach(c -> zones.addAll(ReverseZones.of(c)));
    this.localZone = new LocalZone(zones, hosts, config.localTtl().toSeconds());
    long staleWindow = config.serveStale() ? config.staleMaxAge().toSeconds() : 0;
    this.cache = new DnsCache(config.cacheMaxEntries(), staleWindow, clock, listener);
  }

  /** A builder with the defaults of {@link DnsConfig#defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds UDP and TCP on every listen address (the same port for both; a listen port of 0
   * picks one free port for both). Throws {@link DnsServerException} naming the address and
   * the likely fix when a bind fails, or when no upstream is configured or found.
   */
  public synchronized void start() {
    if (group != null) {
      throw new IllegalStateException("already started");
    }
    loadStaticHosts(); // here, not in build(): reading files is start-up work that may fail
    upstreams = resolveUpstreams();
    ownGroup = externalGroup == null;
    group = ownGroup
        ? Transports.newGroup(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())))
        : externalGroup;
    Transports t = Transports.of(group);
    UpstreamTransport first = new UdpUpstream(group, t.datagram(), listener);
    if (!config.tlsUpstreams().isEmpty()) {
      first = new RoutingUpstream(first, new TcpUpstream(group, t.socket(), tlsContext(),
          config.tlsUpstreams()), config.tlsUpstreams().keySet());
    }
    UpstreamForwarder forwarder = new UpstreamForwarder(upstreams,
        first, new TcpUpstream(group, t.socket()),
        new UpstreamHealth(clock, 3, Duration.ofSeconds(30)), config.upstreamTimeout(),
        random, System::nanoTime, listener, config.raceUpstreams());
    TtlPolicy ttl = new TtlPolicy(config.minTtl().toSeconds(), config.maxTtl().toSeconds(),
        config.negativeMaxTtl().toSeconds());
    RebindingFilter rebinding = config.rebindingProtection()
        ? new RebindingFilter(config.localNetworks().stream().map(Cidr::parse).toList(),
            config.rebindingAllowedDomains().stream().map(DnsServer::absolute).toList())
        : null;
    CachingResolver resolver =
        new CachingResolver(cache, forwarder, ttl, rebinding, config.serveStale(),
            config.prefetch(), listener);
    processor = new QueryProcessor(access, localZone, resolver,
        config.staleAnswerTtl().toSeconds(), clock::millis, listener);
    gate = config.clientQueriesPerSecond() > 0
        ? new ClientRateGate(new ClientRateLimiter(config.clientQueriesPerSecond(),
            Math.max(1, 2 * config.clientQueriesPerSecond()), clock), listener)
        : null;
    fastPath = new DatagramCacheHitHandler(access, localZone, resolver, listener);
    handler = new DnsQueryHandler(processor, listener);
    tcpConnections = new DefaultChannelGroup("dns-tcp", GlobalEventExecutor.INSTANCE);
    config.cacheFile().ifPresent(this::loadCache);
    try {
      for (InetSocketAddress address : config.listen()) {
        bindBoth(address, t);
      }
    } catch (RuntimeException e) {
      closeChannels();
      releaseGroup(Duration.ZERO);
      throw e;
    }
    if (hostsWatch != null) {
      hostsReload = group.next().scheduleWithFixedDelay(this::reloadHostsIfChanged,
          HOSTS_POLL_SECONDS, HOSTS_POLL_SECONDS, TimeUnit.SECONDS);
    }
    LOG.info("DNS listening on {} (udp+tcp), upstreams {}", bound, upstreams);
  }

  /** Addresses actually bound (UDP; TCP listens on the same address and port). */
  public synchronized List<InetSocketAddress> boundAddresses() {
    return List.copyOf(bound);
  }

  /** The upstreams in use (configured, or read from resolv.conf at start). */
  public synchronized List<InetSocketAddress> upstreams() {
    return upstreams;
  }

  /** Where DHCP lease events go (gateway-app connects dhcp-server's events here). */
  public LocalNames localNames() {
    return hosts;
  }

  /** Counter values now. */
  public DnsStatsSnapshot stats() {
    return stats.snapshot(cache.size());
  }

  /** Empties the cache. */
  public void flush() {
    cache.invalidateAll();
  }

  /** Removes every cached type of {@code name}; returns how many entries went. */
  public int flush(String name) {
    return cache.invalidate(absolute(name));
  }

  /**
   * Resolves {@code name} ({@code type} such as "A", "AAAA", "MX") through the running
   * server's local names, cache and upstreams, as a LAN client would, bypassing the access
   * check. For {@code gateway dns lookup}.
   */
  public CompletableFuture<LookupResult> lookup(String name, String type) {
    QueryProcessor p;
    synchronized (this) {
      p = processor;
    }
    if (p == null) {
      throw new IllegalStateException("not started");
    }
    int t = Type.value(type == null ? "A" : type, true);
    if (t < 0) {
      throw new IllegalArgumentException("unknown record type: " + type);
    }
    Message q = Message.newQuery(Record.newRecord(absolute(name), t, DClass.IN));
    return p.process(q, InetAddress.getLoopbackAddress(), true).thenApply(r ->
        new LookupResult(Rcode.string(r.getRcode()), r.getHeader().getFlag(Flags.AA),
            r.getSection(Section.ANSWER).stream().map(Record::toString).toList(),
            r.getSection(Section.AUTHORITY).stream().map(Record::toString).toList()));
  }

  /**
   * Stops listening, lets queries in flight finish for at most {@code drain}, then closes
   * the connections and (if it made one) its event loop group. Safe to call twice.
   */
  public synchronized void stop(Duration drain) {
    if (group == null) {
      return;
    }
    long deadline = System.nanoTime() + drain.toNanos();
    if (hostsReload != null) {
      hostsReload.cancel(false);
      hostsReload = null;
    }
    for (Channel c : listeners) {
      if (c instanceof io.netty.channel.socket.DatagramChannel) {
        c.config().setAutoRead(false); // no new queries; the socket stays to send answers
      } else {
        c.close().awaitUninterruptibly();
      }
    }
    while (handler.inFlight() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    closeChannels();
    config.cacheFile().ifPresent(this::saveCache);
    releaseGroup(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    bound.clear();
    processor = null;
    LOG.info("DNS stopped");
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(2));
  }

  private io.netty.handler.ssl.SslContext tlsContext() {
    try {
      return TcpUpstream.tlsContext(config.tlsCaFile().map(Path::toFile).orElse(null));
    } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
      throw new DnsServerException("cannot set up DNS over TLS (check dns.tls_ca_file "
          + config.tlsCaFile().map(Path::toString).orElse("(JDK trust store)") + "): "
          + e.getMessage(), e);
    }
  }

  private void loadCache(Path file) {
    try {
      int n = CacheSnapshot.load(cache, file);
      LOG.info("DNS cache: {} entries loaded from {}", n, file);
    } catch (IOException e) { // a cold cache is no reason not to serve
      LOG.warn("DNS cache snapshot not used: {}", e.getMessage());
    }
  }

  private void saveCache(Path file) {
    try {
      int n = CacheSnapshot.save(cache, file);
      LOG.info("DNS cache: {} entries saved to {}", n, file);
    } catch (IOException e) {
      LOG.warn("DNS cache not saved to {}: {}", file, e.toString());
    }
  }

  private void bindBoth(InetSocketAddress address, Transports t) {
    List<EventLoop> loops = udpLoops(t);
    int attempts = address.getPort() == 0 ? 5 : 1;
    for (int i = 1; ; i++) {
      Channel udp = bindUdp(address, t, loops.get(0));
      InetSocketAddress actual = (InetSocketAddress) udp.localAddress();
      try {
        listeners.add(bindTcp(new InetSocketAddress(actual.getAddress(), actual.getPort()), t));
        listeners.add(udp);
        // With epoll and more cores, one more socket on the same port (SO_REUSEPORT) per
        // further event loop: the kernel spreads clients over them. Each is pinned to its
        // own loop: group.next() hands out loops round robin across everything registered,
        // and could put two sockets on one loop while another serves none.
        for (EventLoop loop : loops.subList(1, loops.size())) {
          listeners.add(bindUdp(actual, t, loop));
        }
        bound.add(actual);
        return;
      } catch (DnsServerException e) {
        udp.close().awaitUninterruptibly();
        if (i >= attempts) { // port 0: the TCP twin of a free UDP port was taken; try another
          throw e;
        }
      }
    }
  }

  private Channel bindUdp(InetSocketAddress address, Transports t, EventLoop loop) {
    // Several datagrams per wake-up (the allocator's default is one: each query would cost an
    // epoll_wait), answered together at the end of the batch (sendmmsg with epoll). With epoll
    // one recvmmsg fills slots of DATAGRAM_SLOT bytes in one buffer. A slot is larger than
    // any query accepted (1232), so oversized datagrams are seen as such.
    int buffer = t.epoll() ? DATAGRAM_SLOT * RECVMMSG_SLOTS : DATAGRAM_SLOT;
    Bootstrap b = new Bootstrap().group(loop).channel(t.datagram())
        .option(ChannelOption.RCVBUF_ALLOCATOR,
            new FixedRecvByteBufAllocator(buffer).maxMessagesPerRead(UDP_READS_PER_WAKEUP))
        .handler(new UdpInitializer(gate, fastPath, handler, listener));
    if (t.epoll()) {
      b.option(io.netty.channel.epoll.EpollChannelOption.SO_REUSEPORT, true);
      b.option(io.netty.channel.epoll.EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE,
          DATAGRAM_SLOT);
    }
    try {
      return b.bind(address).sync().channel();
    } catch (Exception e) {
      throw BindErrors.describe("UDP", address, e);
    }
  }

  /**
   * The loops that get a UDP socket. With epoll: one socket per loop for half the cores (at
   * least one, at most four): measured on two cores, one busy loop answered more than two
   * half-busy ones, which wake twice as often for smaller batches and compete with the
   * clients and the kernel's network work for the same cores. Without epoll: one socket.
   */
  private List<EventLoop> udpLoops(Transports t) {
    int wanted = t.epoll()
        ? Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2)) : 1;
    List<EventLoop> loops = new ArrayList<>();
    for (EventExecutor e : group) {
      if (e instanceof EventLoop loop && loops.size() < wanted) {
        loops.add(loop);
      }
    }
    if (loops.isEmpty()) { // a group whose executors are not loops: let it choose
      loops.add(group.next());
    }
    return loops;
  }

  private Channel bindTcp(InetSocketAddress address, Transports t) {
    ServerBootstrap b = new ServerBootstrap().group(group).channel(t.server())
        .option(ChannelOption.SO_REUSEADDR, true)
        .handler(new TcpConnectionLimiter(maxTcpConnections))
        .childHandler(new TcpInitializer(gate, handler, tcpConnections));
    try {
      return b.bind(address).sync().channel();
    } catch (Exception e) {
      throw BindErrors.describe("TCP", address, e);
    }
  }

  private void closeChannels() {
    for (Channel c : listeners) {
      c.close().awaitUninterruptibly();
    }
    listeners.clear();
    if (tcpConnections != null) {
      tcpConnections.close().awaitUninterruptibly();
    }
  }

  private void releaseGroup(Duration timeout) {
    if (ownGroup && group != null) {
      group.shutdownGracefully(0, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
          .awaitUninterruptibly();
    }
    group = null;
  }

  private List<InetSocketAddress> resolveUpstreams() {
    if (!config.upstreams().isEmpty()) {
      return config.upstreams();
    }
    List<InetSocketAddress> found;
    try {
      found = ResolvConf.upstreams(config.resolvConf(), config.listen(), ownAddresses());
    } catch (IOException e) {
      throw new DnsServerException("no upstreams configured and " + config.resolvConf()
          + " is unreadable: set dns.upstreams", e);
    }
    if (found.isEmpty()) {
      throw new DnsServerException("no upstreams configured and " + config.resolvConf()
          + " names no server other than this one: set dns.upstreams", null);
    }
    return found;
  }

  private static Set<InetAddress> ownAddresses() {
    Set<InetAddress> own = new HashSet<>();
    try {
      for (NetworkInterface i : java.util.Collections.list(
          NetworkInterface.getNetworkInterfaces())) {
        own.addAll(java.util.Collections.list(i.getInetAddresses()));
      }
    } catch (SocketException e) {
      LOG.warn("cannot list own addresses; only loopback is treated as self", e);
    }
    return own;
  }

  /** Static hosts at start; the hosts files are then watched (see reloadHostsIfChanged). */
  private void loadStaticHosts() {
    // watch first: a change while the files are being read is then seen at the next look
    hostsWatch = config.hostsFiles().isEmpty() ? null : new HostsFilesWatch(config.hostsFiles());
    hosts.replaceStatic(staticEntries());
  }

  /**
   * Re-reads the static hosts when a hosts file changed (polled every few seconds). A file that
   * no longer reads or parses keeps the previous entries, with a warning: a half-written file
   * must not take the LAN's names away.
   */
  void reloadHostsIfChanged() {
    HostsFilesWatch watch = hostsWatch;
    if (watch == null || !watch.changed()) {
      return;
    }
    try {
      hosts.replaceStatic(staticEntries());
      LOG.info("DNS: hosts files reloaded: {}", config.hostsFiles());
    } catch (RuntimeException e) { // DnsServerException, or IllegalArgumentException for a name
      LOG.warn("DNS: hosts files changed but were not reloaded (previous entries kept): {}",
          e.getMessage());
    }
  }

  /** The static entries of the config and of every hosts file, in order. */
  private List<Map.Entry<String, InetAddress>> staticEntries() {
    List<Map.Entry<String, InetAddress>> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : config.staticHosts().entrySet()) {
      for (String a : e.getValue()) {
        try {
          out.add(Map.entry(e.getKey(), Address.getByAddress(a)));
        } catch (java.net.UnknownHostException ex) {
          throw new DnsServerException(
              "static host " + e.getKey() + ": '" + a + "' is not an IP address", ex);
        }
      }
    }
    for (Path file : config.hostsFiles()) {
      try {
        for (HostsFile.Entry entry : HostsFile.read(file)) {
          out.add(Map.entry(entry.name(), entry.address()));
        }
      } catch (IOException ex) {
        throw new DnsServerException("cannot read hosts file " + file + ": " + ex.getMessage()
            + " (fix or remove it from dns.hosts_files)", ex);
      }
    }
    return out;
  }

  static Name absolute(String name) {
    try {
      return Name.fromString(name.endsWith(".") ? name : name + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a domain name: '" + name + "'", e);
    }
  }

  /** Builds a {@link DnsServer}; every setting is optional. */
  public static final class Builder {
    private DnsConfig config = DnsConfig.defaults();
    private EventLoopGroup group;
    private Predicate<InetAddress> access;
    private DnsListener listener = DnsListener.NOOP;
    private Clock clock = Clock.systemUTC();
    private Random random = new SecureRandom();
    private int maxTcpConnections = 128;

    private Builder() {}

    /** Concurrent TCP clients (default 128); more are closed at once. */
    public Builder maxTcpConnections(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxTcpConnections must be >= 1, got " + max);
      }
      this.maxTcpConnections = max;
      return this;
    }

    /** The configuration (default {@link DnsConfig#defaults()}). */
    public Builder config(DnsConfig c) {
      this.config = Objects.requireNonNull(c, "config");
      return this;
    }

    /** A shared event loop group (epoll or NIO); without one the server makes its own. */
    public Builder eventLoopGroup(EventLoopGroup g) {
      this.group = Objects.requireNonNull(g, "eventLoopGroup");
      return this;
    }

    /** Which clients may query (default: loopback and the config's localNetworks). */
    public Builder accessPredicate(Predicate<InetAddress> p) {
      this.access = Objects.requireNonNull(p, "accessPredicate");
      return this;
    }

    /** Observability events (default: none; the server's own counters always run). */
    public Builder listener(DnsListener l) {
      this.listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    /** Time for TTLs, health backoff and the cache (default: the system clock). */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** Source of upstream query IDs (default: SecureRandom). */
    public Builder random(Random r) {
      this.random = Objects.requireNonNull(r, "random");
      return this;
    }

    /** Builds the server without binding anything; {@link #start()} does the work. */
    public DnsServer build() {
      return new DnsServer(this);
    }
  }
}
