package gateway.dhcp.server;

import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.config.DhcpConfig;
import gateway.dhcp.config.SubnetConfig;
import gateway.dhcp.handler.DhcpMessageHandler;
import gateway.dhcp.lease.Lease;
import gateway.dhcp.lease.LeaseAllocator;
import gateway.dhcp.lease.LeaseJournal;
import gateway.dhcp.lease.LeaseListener;
import gateway.dhcp.lease.LeaseStore;
import gateway.dhcp.lease.LeaseTable;
import gateway.dhcp.lease.RateLimiter;
import gateway.dhcp.metrics.DhcpListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCPv4 server: one epoll datagram channel per configured LAN interface, bound to
 * 0.0.0.0:67 with SO_BROADCAST and SO_BINDTODEVICE (NIO cannot tell interfaces apart nor keep
 * broadcasts on the LAN, see NOTES.md). Call order: {@link #builder()}, {@link #start()}, then
 * {@link #stop(Duration)} or {@link #close()}.
 */
public final class DhcpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DhcpServer.class);
    /** Reclaim expired leases and consider compaction this often. */
    static final Duration HOUSEKEEPING = Duration.ofSeconds(10);

    private final DhcpConfig config;
    private final EventLoopGroup givenGroup;
    private final LeaseListener events;
    private final DhcpListener listener;
    private final Clock clock;
    private final ConflictProber givenProber;
    private final int serverPort;
    private final int clientPort;

    private EventLoopGroup group;
    private LeaseJournal journal;
    private LeaseStore store = LeaseStore.MEMORY;
    private LeaseAllocator allocator;
    private IcmpConflictProber icmp;
    private ScheduledFuture<?> housekeeping;
    private GroupCommit commit;
    private final List<Channel> channels = new ArrayList<>();

    private DhcpServer(Builder b) {
        this.config = b.config;
        this.givenGroup = b.group;
        this.events = b.events;
        this.listener = b.listener;
        this.clock = b.clock;
        this.givenProber = b.prober;
        this.serverPort = b.serverPort;
        this.clientPort = b.clientPort;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Recovers the leases, probes each segment for another DHCP server, then binds.
     *
     * @throws IllegalStateException when no interface and pool are configured, or another server answered
     * @throws IOException when the journal cannot be opened or a socket cannot be bound (message says why)
     */
    public synchronized void start() throws IOException, InterruptedException {
        if (config.subnets().isEmpty()) {
            throw new IllegalStateException("DHCP server not started: the config names no interface and pool "
                    + "(it never guesses which LAN to serve)");
        }
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("DHCP server needs Netty's native epoll transport (Linux): "
                    + Epoll.unavailabilityCause());
        }
        if (givenGroup != null && !(givenGroup instanceof io.netty.channel.IoEventLoopGroup io && io.isIoType(EpollIoHandler.class))) {
            throw new IllegalStateException("DHCP server needs an epoll event loop group (NIO cannot bind to a device)");
        }
        for (SubnetConfig s : config.subnets()) {
            requireInterface(s);
        }
        group = givenGroup != null ? givenGroup : new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("dhcp"), EpollIoHandler.newFactory());
        try {
            LeaseTable table = new LeaseTable();
            store = LeaseStore.MEMORY;
            if (config.leaseFile().isPresent()) {
                journal = LeaseJournal.open(config.leaseFile().get(), table);
                store = journal;
                commit = new GroupCommit(journal);
                log.info("recovered {} leases from {}", table.size(), config.leaseFile().get());
            } else {
                log.warn("no lease file configured: leases are kept in memory only and lost on restart");
            }
            allocator = new LeaseAllocator(config, table, store, clock);
            allocator.activeLeases().forEach(events::renewed); // e.g. DNS names come back after a restart
            probeForOtherServers();
            ConflictProber prober = givenProber;
            if (prober == null) {
                if (config.conflictProbeTimeout().isZero()) {
                    prober = ConflictProber.OFF;
                } else {
                    icmp = new IcmpConflictProber(config.conflictProbeTimeout());
                    prober = icmp;
                }
            }
            RateLimiter limiter = new RateLimiter(clock, config.perClientPerMinute(), config.allClientsPerSecond(), 10_000);
            DhcpMessageHandler handler = new DhcpMessageHandler(config, allocator, limiter, prober != ConflictProber.OFF,
                    listener, events);
            for (SubnetConfig s : config.subnets()) {
                channels.add(bind(s, handler, prober));
                log.info("DHCP serving {} on {} (0.0.0.0:{}), pool {}", s.network() + "/" + s.prefixLength(),
                        s.interfaceName(), serverPort, s.pools());
            }
            housekeeping = group.next().scheduleWithFixedDelay(this::housekeeping, HOUSEKEEPING.toMillis(),
                    HOUSEKEEPING.toMillis(), TimeUnit.MILLISECONDS);

        } catch (IOException | RuntimeException | InterruptedException e) {
            release(Duration.ZERO, false);
            throw e;
        }
    }

    /**
     * Fails unless the interface exists and is up. Checked before binding because a socket option
     * Netty cannot set is only logged: a mistyped interface name would otherwise leave the server
     * listening on every interface, the WAN included.
     */
    private static void requireInterface(SubnetConfig s) throws IOException {
        NetworkInterface nif = NetworkInterface.getByName(s.interfaceName());
        if (nif == null) {
            throw new IllegalStateException("DHCP interface " + s.interfaceName() + " does not exist (check dhcp.interface)");
        }
        if (!nif.isUp()) {
            throw new IllegalStateException("DHCP interface " + s.interfaceName() + " is down");
        }
        boolean hasAddress = nif.getInterfaceAddresses().stream()
                .anyMatch(a -> a.getAddress() instanceof java.net.Inet4Address
                        && Ipv4.of(a.getAddress()).equals(s.serverAddress()));
        if (!hasAddress) {
            throw new IllegalStateException("DHCP interface " + s.interfaceName() + " does not have the server address "
                    + s.serverAddress() + " (it must be the gateway's address on that LAN)");
        }
    }

    /** Reads SO_BINDTODEVICE back: a server bound to no device would answer on every interface. */
    private static void requireBoundToDevice(Channel ch, SubnetConfig s) throws IOException {
        String name;
        try {
            ByteBuffer got = ch.config().getOption(SocketOptions.SO_BINDTODEVICE);
            byte[] b = new byte[16];
            got.position(0);
            got.get(b, 0, Math.min(16, got.remaining()));
            int len = 0;
            while (len < b.length && b[len] != 0) {
                len++;
            }
            name = new String(b, 0, len, java.nio.charset.StandardCharsets.US_ASCII);
        } catch (RuntimeException e) {
            throw new IOException("cannot read SO_BINDTODEVICE back on " + s.interfaceName() + ": " + e, e);
        }
        if (!name.equals(s.interfaceName())) {
            ch.close();
            throw new IOException("the DHCP socket is not bound to " + s.interfaceName() + " (SO_BINDTODEVICE is '"
                    + name + "'); needs CAP_NET_RAW; refusing to serve on every interface");
        }
    }

    private void probeForOtherServers() throws IOException, InterruptedException {
        if (config.otherServerProbe().isZero()) {
            return;
        }
        for (SubnetConfig s : config.subnets()) {
            Optional<String> other = OtherServerProbe.probe(group, s, config.otherServerProbe(), clientPort, serverPort,
                    new SecureRandom().nextInt());
            if (other.isEmpty()) {
                continue;
            }
            if (!config.startDespiteOtherServer()) {
                throw new IllegalStateException("another DHCP server answers on " + s.interfaceName() + ": "
                        + other.get() + "; two servers on one LAN break it. Turn the other one off, or set "
                        + "start_despite_other_server to go ahead anyway");
            }
            log.warn("another DHCP server answers on {}: {}; starting anyway as configured", s.interfaceName(), other.get());
        }
    }

    private Channel bind(SubnetConfig s, DhcpMessageHandler handler, ConflictProber prober) throws IOException {
        Channel ch;
        try {
            ch = new Bootstrap().group(group).channelFactory(() -> new EpollDatagramChannel(SocketProtocolFamily.INET))
                    .option(ChannelOption.SO_BROADCAST, true)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(2048))
                    .option(SocketOptions.SO_BINDTODEVICE, SocketOptions.device(s.interfaceName()))
                    .handler(new DhcpDatagramHandler(s, handler, prober, listener,
                            commit != null ? commit::request : store::sync))
                    .bind(new InetSocketAddress(Ipv4.ANY.toInet(), serverPort)).sync().channel();
        } catch (Exception e) {
            throw new IOException("cannot bind DHCP 0.0.0.0:" + serverPort + " on " + s.interfaceName() + ": " + e
                    + " (binding port 67 and SO_BINDTODEVICE need root or "
                    + "CAP_NET_BIND_SERVICE + CAP_NET_RAW; is another DHCP server running?)", e);
        }
        requireBoundToDevice(ch, s);
        return ch;
    }

    private void housekeeping() {
        try {
            for (Lease l : allocator.reclaim()) {
                log.info("lease {} of {} ({}) expired", l.address(), l.client(), l.hostName().orElse("-"));
                events.expired(l);
            }
            if (journal != null && journal.records() > 1000 && journal.records() > 4L * allocator.snapshot().size()) {
                allocator.compactStore();
            }
        } catch (RuntimeException e) {
            log.error("lease housekeeping failed", e);
        }
    }

    /** Addresses actually bound (0.0.0.0:67 once per interface). */
    public synchronized List<InetSocketAddress> boundAddresses() {
        return channels.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
    }

    /** Bound, unexpired leases, by address. */
    public List<Lease> leases() {
        return allocator == null ? List.of() : allocator.activeLeases();
    }

    /** Stops listening, lets journal writes finish within {@code drain}, compacts and closes the journal. */
    public synchronized void stop(Duration drain) {
        release(drain, true);
    }

    private void release(Duration drain, boolean compact) {
        if (housekeeping != null) {
            housekeeping.cancel(false);
        }
        for (Channel c : channels) {
            c.close().awaitUninterruptibly(Math.max(1, drain.toMillis()));
        }
        channels.clear();
        if (commit != null) {
            commit.close(); // the last ACKs' sync, then no more syncs from its thread
            commit = null;
        }
        if (journal != null) {
            if (compact) {
                try {
                    // at least a second: a compaction is one small file write and two fsyncs
                    allocator.compactStore().get(Math.max(1000, drain.toMillis()), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    log.warn("final lease compaction did not finish: {}", e.toString());
                }
            }
            journal.close(); // writes whatever is still queued
            journal = null;
        }
        if (icmp != null) {
            icmp.close();
            icmp = null;
        }
        if (givenGroup == null && group != null) {
            group.shutdownGracefully(0, Math.max(1, drain.toMillis()), TimeUnit.MILLISECONDS).awaitUninterruptibly();
        }
        group = null;
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(2));
    }

    /** Builds a {@link DhcpServer}; only the config is required. */
    public static final class Builder {
        private DhcpConfig config = DhcpConfig.defaults();
        private EventLoopGroup group;
        private LeaseListener events = LeaseListener.NO_OP;
        private DhcpListener listener = DhcpListener.NO_OP;
        private Clock clock = Clock.systemUTC();
        private ConflictProber prober;
        private int serverPort = 67;
        private int clientPort = 68;

        public Builder config(DhcpConfig c) {
            this.config = java.util.Objects.requireNonNull(c);
            return this;
        }

        /**
         * An epoll group to serve on; without one the server owns a one-thread group. The journal's
         * fsyncs run on the channels' event loop (no hand-off per lease), so a loop shared with
         * latency-sensitive channels would wait for the disk: give the server its own group.
         */
        public Builder eventLoopGroup(EventLoopGroup g) {
            this.group = g;
            return this;
        }

        public Builder leaseListener(LeaseListener l) {
            this.events = java.util.Objects.requireNonNull(l);
            return this;
        }

        public Builder listener(DhcpListener l) {
            this.listener = java.util.Objects.requireNonNull(l);
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = java.util.Objects.requireNonNull(c);
            return this;
        }

        /** Replaces the ICMP probe (tests; or ConflictProber.OFF). */
        public Builder conflictProber(ConflictProber p) {
            this.prober = p;
            return this;
        }

        /** Other ports than 67/68, for tests that must not collide with a real server. */
        public Builder ports(int server, int client) {
            if (server < 1 || server > 65535 || client < 1 || client > 65535) {
                throw new IllegalArgumentException("ports must be 1..65535");
            }
            this.serverPort = server;
            this.clientPort = client;
            return this;
        }

        public DhcpServer build() {
            return new DhcpServer(this);
        }
    }
}
