package gateway.proxy.server;

import gateway.proxy.cache.HostResolver;
import gateway.proxy.cache.HttpCache;
import gateway.proxy.config.ProxyConfig;
import gateway.proxy.handler.ClientPipeline;
import gateway.proxy.handler.ProxyServices;
import gateway.proxy.intercept.LocalAddresses;
import gateway.proxy.intercept.TargetResolver;
import gateway.proxy.metrics.AccessLog;
import gateway.proxy.metrics.AccessRecord;
import gateway.proxy.metrics.ProxyCounters;
import gateway.proxy.metrics.ProxyListener;
import gateway.proxy.policy.LoopPolicy;
import gateway.proxy.upstream.SpoofDecision;
import gateway.proxy.upstream.UpstreamConnector;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy: an explicit forward-proxy listener and/or a transparent (TPROXY) listener sharing
 * one upstream connector, pool and cache. Build with {@link #builder(ProxyConfig)}, then
 * {@link #start()}; {@link #stop(Duration)} drains.
 */
public final class ProxyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);
    private final ProxyConfig config;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Predicate<InetAddress> allowedClients;
    private final Predicate<InetAddress> localAddresses;
    private final ProxyListener userListener;
    private final Clock clock;
    private final ProxyCounters counters = new ProxyCounters();
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<Channel> listeners = new ArrayList<>();
    private ProxyServices services;
    private AccessLog accessLog;
    private HttpCache cache;
    private final HostResolver hostResolver;
    private java.util.concurrent.ExecutorService ownResolverExecutor;
    private InetSocketAddress explicitAddress;
    private InetSocketAddress transparentAddress;

    private ProxyServer(Builder b) {
        this.config = b.config;
        this.ownsGroup = b.group == null;
        this.group = b.group == null ? Transport.newGroup(b.threads) : b.group;
        this.allowedClients = b.allowedClients;
        this.localAddresses = b.localAddresses;
        this.userListener = b.listener;
        this.clock = b.clock;
        this.hostResolver = b.hostResolver;
    }

    private java.util.concurrent.Executor resolverExecutor() {
        ownResolverExecutor = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "proxy-host-check");
            t.setDaemon(true);
            return t;
        });
        return ownResolverExecutor;
    }

    public static Builder builder(ProxyConfig config) {
        return new Builder(config);
    }

    /**
     * Binds the configured listeners. Throws {@link IllegalStateException} naming the address and
     * the likely fix when a bind fails or IP_TRANSPARENT does not stick.
     */
    public synchronized void start() {
        if (services != null) {
            throw new IllegalStateException("already started");
        }
        Transport transport = Transport.forGroup(group);
        ProxyListener listener = both(counters, userListener);
        if (!config.accessLog().isEmpty()) {
            try {
                accessLog = AccessLog.open(config.accessLog());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            listener = both(accessLog, listener);
        }
        Set<Integer> ports = java.util.concurrent.ConcurrentHashMap.newKeySet();
        config.explicitListen().ifPresent(a -> ports.add(a.getPort()));
        config.transparentListen().ifPresent(a -> ports.add(a.getPort()));
        SpoofDecision spoof = new SpoofDecision(config.spoofClientAddress(), transport.epoll());
        if (config.cache().enabled()) {
            try {
                cache = new HttpCache(config.cache(), group.next()); // upkeep on a loop: see MemoryTier
            } catch (IOException e) {
                throw new IllegalStateException("cannot open the disk cache " + config.cache().diskDirectory()
                        .map(Object::toString).orElse("") + ": " + e.getMessage(), e);
            }
        }
        HostResolver resolver = hostResolver != null ? hostResolver : HostResolver.system(resolverExecutor());
        services = new ProxyServices(config, new TargetResolver(localAddresses, ports),
                new LoopPolicy(config.viaPseudonym()),
                new UpstreamConnector(config, transport.socketChannel(), spoof, listener, resolver), listener, clock,
                cache, resolver);
        try {
            if (config.explicitListen().isPresent()) {
                explicitAddress = bind(transport, config.explicitListen().get(), false);
                ports.add(explicitAddress.getPort());
            }
            if (config.transparentListen().isPresent()) {
                if (!transport.epoll()) {
                    throw new IllegalStateException("transparent listener " + config.transparentListen().get()
                            + " needs the epoll transport (Linux, netty-transport-native-epoll on the class path)"
                            + " for IP_TRANSPARENT");
                }
                transparentAddress = bind(transport, config.transparentListen().get(), true);
                ports.add(transparentAddress.getPort());
            }
        } catch (RuntimeException e) {
            closeListeners();
            throw e;
        }
        LOG.info("proxy listening: explicit={} transparent={} spoof_client_address={}", explicitAddress,
                transparentAddress, config.spoofClientAddress().name().toLowerCase(java.util.Locale.ROOT));
    }

    private InetSocketAddress bind(Transport transport, InetSocketAddress address, boolean transparent) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        clients.add(ch);
                        ch.pipeline().addLast(new ClientPipeline(services, transparent, allowedClients));
                    }
                });
        if (transparent) {
            bootstrap.option(EpollChannelOption.IP_TRANSPARENT, true);
        }
        ChannelFuture future = bootstrap.bind(address).awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new IllegalStateException(bindAdvice(address, transparent, future.cause()), future.cause());
        }
        Channel channel = future.channel();
        listeners.add(channel);
        if (transparent && !((EpollServerSocketChannel) channel).config().isIpTransparent()) {
            throw new IllegalStateException("transparent listener " + address
                    + ": IP_TRANSPARENT did not stick after bind; needs CAP_NET_ADMIN"
                    + " (as a service: AmbientCapabilities=CAP_NET_ADMIN)");
        }
        return (InetSocketAddress) channel.localAddress();
    }

    private static String bindAdvice(SocketAddress address, boolean transparent, Throwable cause) {
        String text = String.valueOf(cause.getMessage());
        String fix;
        if (text.contains("in use")) {
            fix = "port in use: stop the other listener or choose another port";
        } else if (text.contains("ermission") || text.contains("EPERM") || text.contains("EACCES")) {
            fix = transparent ? "needs CAP_NET_ADMIN for IP_TRANSPARENT (as a service: AmbientCapabilities=CAP_NET_ADMIN)"
                    : "needs CAP_NET_BIND_SERVICE for ports below 1024";
        } else if (text.contains("assign")) {
            fix = "the address is not configured on this machine";
        } else {
            fix = "see the cause";
        }
        return (transparent ? "transparent" : "explicit") + " proxy cannot bind " + address + ": " + text + " ("
                + fix + ")";
    }

    /** Running totals (requests, cache results, errors, refusals, the spoofing fallback). */
    public ProxyCounters counters() {
        return counters;
    }

    /** Access-log lines dropped because the log's reader fell behind (0 when there is no log). */
    public synchronized long accessLogDropped() {
        return accessLog == null ? 0 : accessLog.dropped();
    }

    /** The addresses actually bound (port 0 resolved), explicit listener first. */
    public synchronized List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> result = new ArrayList<>();
        if (explicitAddress != null) {
            result.add(explicitAddress);
        }
        if (transparentAddress != null) {
            result.add(transparentAddress);
        }
        return List.copyOf(result);
    }

    /**
     * Stops listening, lets requests in flight finish within {@code drain}, closes idle and then
     * all remaining connections, the pools and the access log.
     */
    public synchronized void stop(Duration drain) {
        closeListeners();
        long deadline = System.nanoTime() + drain.toNanos();
        while (true) {
            for (Channel ch : clients) {
                if (ClientPipeline.idle(ch)) {
                    ch.close();
                }
            }
            if (clients.isEmpty() || System.nanoTime() >= deadline) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        clients.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        if (services != null) {
            services.closePools();
        }
        if (cache != null) {
            cache.close();
        }
        if (ownResolverExecutor != null) {
            ownResolverExecutor.shutdownNow();
        }
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (accessLog != null) {
            try {
                accessLog.close();
            } catch (IOException e) {
                LOG.warn("closing access log: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    private void closeListeners() {
        for (Channel channel : listeners) {
            channel.close().awaitUninterruptibly();
        }
        listeners.clear();
    }

    private static ProxyListener both(ProxyListener a, ProxyListener b) {
        return new ProxyListener() {
            @Override
            public void requestCompleted(AccessRecord record) {
                a.requestCompleted(record);
                b.requestCompleted(record);
            }

            @Override
            public void requestCollapsed(String url) {
                a.requestCollapsed(url);
                b.requestCollapsed(url);
            }

            @Override
            public void clientRefused(InetSocketAddress client) {
                a.clientRefused(client);
                b.clientRefused(client);
            }

            @Override
            public void spoofingAbandoned(String diagnosis) {
                a.spoofingAbandoned(diagnosis);
                b.spoofingAbandoned(diagnosis);
            }
        };
    }

    /** Builds a {@link ProxyServer}; only the config is required. */
    public static final class Builder {
        private final ProxyConfig config;
        private EventLoopGroup group;
        private int threads = 0;
        private Predicate<InetAddress> allowedClients = InetAddress::isLoopbackAddress;
        private Predicate<InetAddress> localAddresses = LocalAddresses::isLocal;
        private ProxyListener listener = ProxyListener.NOOP;
        private Clock clock = Clock.systemUTC();
        private HostResolver hostResolver;

        private Builder(ProxyConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** A shared event-loop group (epoll channels if it is an epoll group); not shut down by the server. */
        public Builder eventLoopGroup(EventLoopGroup value) {
            this.group = Objects.requireNonNull(value);
            return this;
        }

        /** Threads of the server's own group when none is given (0: Netty's default). */
        public Builder threads(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("threads must be >= 0");
            }
            this.threads = value;
            return this;
        }

        /** Which client addresses may use the proxy (the LAN); default loopback only. */
        public Builder allowedClients(Predicate<InetAddress> value) {
            this.allowedClients = Objects.requireNonNull(value);
            return this;
        }

        /** Which addresses are this machine's (loop detection); default asks the kernel. */
        public Builder localAddresses(Predicate<InetAddress> value) {
            this.localAddresses = Objects.requireNonNull(value);
            return this;
        }

        public Builder listener(ProxyListener value) {
            this.listener = Objects.requireNonNull(value);
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Resolves host names: explicit-mode targets, and Host names for the forgery check of
         * intercepted responses (default: the JDK resolver on two threads of the server's own).
         */
        public Builder hostResolver(HostResolver value) {
            this.hostResolver = Objects.requireNonNull(value);
            return this;
        }

        public ProxyServer build() {
            return new ProxyServer(this);
        }
    }
}
