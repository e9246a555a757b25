package gateway.smtp.server;

import gateway.smtp.bounce.BounceBuilder;
import gateway.smtp.config.SmtpRelayConfig;
import gateway.smtp.delivery.Credentials;
import gateway.smtp.delivery.DeliveryQueue;
import gateway.smtp.delivery.TlsTrust;
import gateway.smtp.delivery.UpstreamSession;
import gateway.smtp.metrics.SmtpRelayListener;
import gateway.smtp.spool.Spool;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import javax.net.ssl.SSLContext;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.UsernamePasswordValidator;
import org.subethamail.smtp.internal.server.RequireAuthCommandWrapper;
import org.subethamail.smtp.internal.server.RequireTLSCommandWrapper;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The SMTP relay: LAN-only listener(s), the spool, and the delivery queue.
 *
 * <pre>
 * LAN client ─SMTP─▶ SMTPServer (SubEthaSMTP) ─▶ LanSessionHandler (LAN only, per-client limit)
 *   ─▶ RelayEhloCommand / RelayDataCommand ─▶ RelayMessageHandler ─▶ MessageDataCopier (framing, size)
 *   ─▶ Spool (fsync, rename, fsync dir) ─▶ 250 ─▶ DeliveryQueue ─▶ UpstreamSession (TLS, AUTH) ─▶ relayhost
 * </pre>
 */
public final class SmtpRelayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SmtpRelayServer.class);

    private final SmtpRelayConfig config;
    private final Predicate<InetAddress> access;
    private final SmtpRelayListener listener;
    private final Clock clock;
    private final Supplier<UpstreamSession> upstream;
    private final Duration maxDataTime;
    private final Duration maxCommandTime;
    private final SSLContext lanTls;
    private final UsernamePasswordValidator lanUsers;
    private final boolean lanAuthRequired;
    private final ScheduledExecutorService timer = deadlineTimer();
    private final List<SMTPServer> servers = new ArrayList<>();
    private final List<InetSocketAddress> bound = new ArrayList<>();
    private Spool spool;
    private DeliveryQueue queue;

    private SmtpRelayServer(Builder b) {
        this.config = b.config;
        this.access = b.access;
        this.listener = b.listener;
        this.clock = b.clock;
        this.upstream = b.upstream;
        this.maxDataTime = b.maxDataTime;
        this.maxCommandTime = b.maxCommandTime;
        this.lanTls = b.lanTls;
        this.lanUsers = b.lanUsers;
        this.lanAuthRequired = b.lanAuthRequired;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; only {@link #config} is needed, everything else has a safe default. */
    public static final class Builder {
        private SmtpRelayConfig config = SmtpRelayConfig.defaults();
        private Predicate<InetAddress> access = InetAddress::isLoopbackAddress;
        private SmtpRelayListener listener = SmtpRelayListener.NOOP;
        private Clock clock = Clock.systemUTC();
        private Supplier<UpstreamSession> upstream;
        private Duration maxDataTime = Duration.ofMinutes(10);
        private Duration maxCommandTime = Duration.ofMinutes(10);
        private SSLContext lanTls;
        private UsernamePasswordValidator lanUsers;
        private boolean lanAuthRequired;

        /** Offers STARTTLS to LAN clients with this server certificate (optional for them). */
        public Builder lanTls(SSLContext context) {
            this.lanTls = Objects.requireNonNull(context, "lanTls");
            return this;
        }

        /**
         * Offers AUTH PLAIN/LOGIN to LAN clients (after STARTTLS when {@link #lanTls} is set); with
         * {@code required}, MAIL/RCPT/DATA need it (530, RFC 4954 section 6). The LAN predicate applies anyway.
         */
        public Builder lanAuth(UsernamePasswordValidator users, boolean required) {
            this.lanUsers = Objects.requireNonNull(users, "users");
            this.lanAuthRequired = required;
            return this;
        }

        /** Longest a DATA phase may take in total, whatever the client's pace (default 10 minutes). */
        public Builder maxDataTime(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("maxDataTime must be positive");
            }
            this.maxDataTime = d;
            return this;
        }

        /**
         * Longest a session may spend in commands before its next DATA (from the greeting, and again after each
         * accepted message), however often the client sends a command (default 10 minutes).
         */
        public Builder maxCommandTime(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("maxCommandTime must be positive");
            }
            this.maxCommandTime = d;
            return this;
        }

        public Builder config(SmtpRelayConfig c) {
            this.config = Objects.requireNonNull(c, "config");
            return this;
        }

        /** Which client addresses may relay (the LAN); default loopback only. Everything else gets 554. */
        public Builder accessPredicate(Predicate<InetAddress> p) {
            this.access = Objects.requireNonNull(p, "accessPredicate");
            return this;
        }

        public Builder listener(SmtpRelayListener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Replaces the upstream connection factory (default: TLS + AUTH to the configured relayhost). */
        public Builder upstreamSessions(Supplier<UpstreamSession> s) {
            this.upstream = Objects.requireNonNull(s, "upstreamSessions");
            return this;
        }

        public SmtpRelayServer build() {
            return new SmtpRelayServer(this);
        }
    }

    /**
     * Recovers the spool, starts delivery and binds the listeners.
     *
     * @throws IOException naming the address and the likely fix when a listener cannot bind, or when the spool
     *     or the relayhost credentials cannot be read
     */
    public synchronized void start() throws IOException {
        if (spool != null) {
            throw new IllegalStateException("already started");
        }
        spool = Spool.open(config.spoolDir(), clock);
        Spool.Recovery rec = spool.recover();
        Supplier<UpstreamSession> sessions = upstream;
        if (sessions == null && config.relayHost().configured()) {
            Credentials creds = Credentials.from(config.relayHost());
            SSLSocketFactory tls = TlsTrust.socketFactory(config.relayHost());
            sessions = () -> new UpstreamSession(config.relayHost(), creds, tls);
        }
        queue = new DeliveryQueue(spool, config.relayHost(), config.queue(), clock, listener,
                new BounceBuilder(clock, config.hostName()), sessions);
        queue.start(rec.messages());
        CommandPhaseDeadline commandDeadline = new CommandPhaseDeadline(timer, maxCommandTime);
        EsmtpSessions esmtp = new EsmtpSessions();
        RelayMessageHandler.Context ctx = new RelayMessageHandler.Context(spool, clock, config.hostName(),
                config.maxMessageBytes(), listener, queue::submit, esmtp);
        try {
            for (InetSocketAddress addr : config.listen()) {
                SMTPServer.Builder sb = SMTPServer.port(addr.getPort())
                        .bindAddress(addr.getAddress())
                        .hostName(config.hostName())
                        .softwareName("gateway-smtp-relay")
                        .maxConnections(config.maxConnections())
                        .maxRecipients(config.maxRecipients())
                        .maxMessageSize(config.maxMessageBytes())
                        .connectionTimeout((int) config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .sessionHandler(new LanSessionHandler(access, config.maxConnectionsPerClient(), listener,
                                commandDeadline, esmtp))
                        .messageHandlerFactory(mc -> new RelayMessageHandler(ctx, mc))
                        .serverThreadName("smtp-listener-" + addr);
                if (lanTls != null) {
                    sb.enableTLS().startTlsSocketFactory(lanTls);
                }
                if (lanUsers != null) {
                    sb.authenticationHandlerFactory(new EasyAuthenticationHandlerFactory(lanUsers))
                            .requireAuth(lanAuthRequired);
                }
                SMTPServer s = sb.build();
                s.getCommandHandler().addCommand(new RelayEhloCommand(esmtp));
                s.getCommandHandler().addCommand(new RequireAuthCommandWrapper(new RequireTLSCommandWrapper(
                        new RelayMailCommand())));
                // wrapped like SubEthaSMTP's own DATA, so a required AUTH (or TLS) cannot be bypassed
                s.getCommandHandler().addCommand(new RequireAuthCommandWrapper(new RequireTLSCommandWrapper(
                        new RelayDataCommand(timer, maxDataTime, commandDeadline))));
                s.getCommandHandler().addCommand(new BdatRefusedCommand());
                try {
                    s.start();
                } catch (RuntimeException e) {
                    throw bindFailure(addr, e.getCause() != null ? e.getCause() : e);
                }
                servers.add(s);
                bound.add(new InetSocketAddress(addr.getAddress(), s.getPortAllocated()));
                log.info("SMTP relay listening on {} (spool {}, relayhost {})", bound.get(bound.size() - 1),
                        config.spoolDir(), config.relayHost());
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * One thread for the DATA and command-phase deadlines. Cancelled deadlines are removed at once: by default
     * they would stay queued (holding their session) for the whole 10 minutes, one per message.
     */
    private static ScheduledExecutorService deadlineTimer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "smtp-deadlines");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    private static IOException bindFailure(InetSocketAddress addr, Throwable cause) {
        String why;
        if (cause instanceof BindException && String.valueOf(cause.getMessage()).contains("in use")) {
            why = "port in use (another MTA such as Postfix or exim listening?)";
        } else if (cause instanceof BindException && String.valueOf(cause.getMessage()).contains("ermission")) {
            why = "ports below 1024 need CAP_NET_BIND_SERVICE (AmbientCapabilities=CAP_NET_BIND_SERVICE)";
        } else if (cause instanceof BindException) {
            why = "address not configured on this host?";
        } else {
            why = String.valueOf(cause.getMessage());
        }
        return new IOException("SMTP relay cannot listen on " + addr + ": " + why, cause);
    }

    /** The addresses actually bound (port 0 resolved). */
    public synchronized List<InetSocketAddress> boundAddresses() {
        return List.copyOf(bound);
    }

    /** The delivery queue, for {@code mailq}, flush and delete. */
    public synchronized DeliveryQueue queue() {
        if (queue == null) {
            throw new IllegalStateException("not started");
        }
        return queue;
    }

    /**
     * Stops listening (sessions still in DATA are cut: they never got 250, so their clients retry), then lets
     * delivery attempts in progress finish within {@code drain}. Everything accepted stays in the spool.
     */
    public synchronized void stop(Duration drain) {
        for (SMTPServer s : servers) {
            try {
                s.stop();
            } catch (RuntimeException e) {
                log.warn("stopping listener: {}", e.toString());
            }
        }
        servers.clear();
        bound.clear();
        if (queue != null) {
            queue.stop(drain);
        }
        timer.shutdownNow();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

}
