package gateway.smtp.diagnose;

import gateway.smtp.config.RelayHostConfig;
import gateway.smtp.config.TlsMode;
import gateway.smtp.delivery.Credentials;
import gateway.smtp.delivery.TlsTrust;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * {@code gateway mail check}: DNS, TCP to the submission port and to port 25 (OP25B), greeting, EHLO, STARTTLS
 * and the certificate, AUTH. Each step is reported with its status; after the first failing step the rest are
 * skipped, so the output names where the path breaks. Both traps of the original setup show: a renamed relay
 * host fails at {@code dns} (or {@code tcp-submission}), a blocked port 25 shows as a WARN naming OP25B.
 */
public final class MailCheck {

    public enum Status { OK, WARN, FAIL, SKIP }

    /** One step's outcome; {@code detail} never contains a password. */
    public record Step(String name, Status status, String detail) {
    }

    /** All steps in order. */
    public record Report(String target, List<Step> steps) {
        public Report {
            steps = List.copyOf(steps);
        }

        public boolean ok() {
            return steps.stream().noneMatch(s -> s.status() == Status.FAIL);
        }

        public String render() {
            StringBuilder b = new StringBuilder("mail check for ").append(target).append('\n');
            for (Step s : steps) {
                b.append(String.format(Locale.ROOT, "  %-5s %-15s %s%n", s.status(), s.name(), s.detail()));
            }
            Step failed = steps.stream().filter(s -> s.status() == Status.FAIL).findFirst().orElse(null);
            b.append(failed == null ? "result: OK\n" : "result: FAILED at " + failed.name() + "\n");
            return b.toString();
        }
    }

    /** Name resolution, replaceable in tests. */
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;

        Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
    }

    private final RelayHostConfig cfg;
    private final Resolver resolver;
    private final int port25;
    private final Duration probeTimeout;
    private final Clock clock;
    private final List<Step> steps = new ArrayList<>();

    /**
     * @param port25 the port probed for OP25B (25; tests pass another)
     * @param probeTimeout connect timeout for the port-25 probe (OP25B is a silent drop: keep it short)
     */
    public MailCheck(RelayHostConfig cfg, Resolver resolver, int port25, Duration probeTimeout, Clock clock) {
        this.cfg = cfg;
        this.resolver = resolver;
        this.port25 = port25;
        this.probeTimeout = probeTimeout;
        this.clock = clock;
    }

    public static MailCheck of(RelayHostConfig cfg) {
        return new MailCheck(cfg, Resolver.SYSTEM, 25, Duration.ofSeconds(3), Clock.systemUTC());
    }

    private static final String[] ALL = {"dns", "tcp-submission", "tcp-25", "greeting", "ehlo", "starttls",
        "certificate", "auth"};

    public Report run() {
        steps.clear();
        String target = cfg.host() + ":" + cfg.port() + " (" + cfg.tls() + ")";
        if (!cfg.configured()) {
            add("dns", Status.FAIL, "no relayhost configured (smtp.relayhost.host): mail is being held");
            return finish(target);
        }
        List<InetAddress> addrs;
        try {
            addrs = resolver.resolve(cfg.host());
            add("dns", Status.OK, cfg.host() + " -> " + addrs.stream().map(InetAddress::getHostAddress)
                    .collect(Collectors.joining(", ")));
        } catch (UnknownHostException e) {
            add("dns", Status.FAIL, "cannot resolve '" + cfg.host() + "' (" + e.getMessage()
                    + "): check the relay host name; ISPs do rename them");
            return finish(target);
        }
        InetAddress addr = addrs.get(0);
        Socket socket = new Socket();
        String submissionError = null;
        try {
            socket.connect(new InetSocketAddress(addr, cfg.port()), (int) cfg.connectTimeout().toMillis());
            socket.setSoTimeout((int) cfg.readTimeout().toMillis());
        } catch (IOException e) {
            submissionError = describe(e, cfg.connectTimeout());
        }
        String p25 = probe25(addr);
        if (submissionError != null) {
            add("tcp-submission", Status.FAIL, addr.getHostAddress() + ":" + cfg.port() + " " + submissionError
                    + (p25 == null ? "; port 25 answers: wrong port, or the relay host moved?"
                    : "; port 25 does not answer either: host down, wrong address, or no route"));
            add25(addr, p25, false);
            close(socket);
            return finish(target);
        }
        add("tcp-submission", Status.OK, addr.getHostAddress() + ":" + cfg.port() + " connected");
        add25(addr, p25, true);
        try {
            smtp(socket, addr);
        } catch (IOException e) {
            // the step that threw has been recorded by smtp(); this is a transport failure in between
            if (steps.stream().noneMatch(s -> s.status() == Status.FAIL)) {
                add(nextStepName(), Status.FAIL, describe(e, cfg.readTimeout()));
            }
        } finally {
            close(socket);
        }
        return finish(target);
    }

    private void add25(InetAddress addr, String p25, boolean submissionOk) {
        String where = addr.getHostAddress() + ":" + port25;
        if (p25 == null) {
            add("tcp-25", Status.OK, where + " reachable (no OP25B on this line)");
        } else if (submissionOk) {
            add("tcp-25", Status.WARN, where + " " + p25 + ": outbound port 25 is blocked (OP25B); that is why"
                    + " mail goes to the submission port " + cfg.port());
        } else {
            add("tcp-25", Status.WARN, where + " " + p25);
        }
    }

    /** Null if port 25 accepts a connection, else why not. */
    private String probe25(InetAddress addr) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(addr, port25), (int) probeTimeout.toMillis());
            return null;
        } catch (IOException e) {
            return describe(e, probeTimeout);
        }
    }

    private void smtp(Socket plain, InetAddress addr) throws IOException {
        AtomicReference<X509Certificate[]> chain = new AtomicReference<>();
        SSLSocketFactory tls = TlsTrust.socketFactory(cfg, chain::set);
        Socket s = plain;
        if (cfg.tls() == TlsMode.IMPLICIT) {
            s = handshake(tls, plain, chain);
            if (s == null) {
                return;
            }
        }
        SmtpReply greeting = SmtpReply.read(s.getInputStream());
        if (greeting.code() != 220) {
            add("greeting", Status.FAIL, greeting.text());
            return;
        }
        add("greeting", Status.OK, greeting.text());
        SmtpReply ehlo = command(s, "EHLO " + cfg.heloName());
        if (ehlo.code() != 250) {
            add("ehlo", Status.FAIL, ehlo.text());
            return;
        }
        add("ehlo", Status.OK, String.join(" ", ehlo.lines().subList(1, ehlo.lines().size())));
        if (cfg.tls() == TlsMode.STARTTLS) {
            if (!hasExtension(ehlo, "STARTTLS")) {
                add("starttls", Status.FAIL, "server does not offer STARTTLS: the relay never sends in plaintext,"
                        + " so mail is held (wrong host or port?)");
                return;
            }
            SmtpReply r = command(s, "STARTTLS");
            if (r.code() != 220) {
                add("starttls", Status.FAIL, r.text());
                return;
            }
            s = handshake(tls, s, chain);
            if (s == null) {
                return;
            }
            ehlo = command(s, "EHLO " + cfg.heloName());
            if (ehlo.code() != 250) {
                add("auth", Status.FAIL, "EHLO after STARTTLS: " + ehlo.text());
                return;
            }
        }
        auth(s, ehlo);
        try {
            command(s, "QUIT");
        } catch (IOException ignored) {
            // the check is complete; a server that hangs up without 221 does not matter here
        }
    }

    private Socket handshake(SSLSocketFactory tls, Socket s, AtomicReference<X509Certificate[]> chain)
            throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(s, cfg.host(), s.getPort(), true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(p);
        try {
            ssl.startHandshake();
        } catch (IOException e) {
            add("starttls", Status.FAIL, "TLS handshake failed: " + e.getMessage());
            certificate(chain.get(), Status.FAIL);
            return null;
        }
        add("starttls", Status.OK, ssl.getSession().getProtocol() + " " + ssl.getSession().getCipherSuite());
        certificate(chain.get(), Status.OK);
        return ssl;
    }

    private void certificate(X509Certificate[] chain, Status ifValid) {
        if (chain == null || chain.length == 0) {
            add("certificate", ifValid == Status.OK ? Status.WARN : Status.FAIL, "no certificate seen");
            return;
        }
        X509Certificate leaf = chain[0];
        Instant notAfter = leaf.getNotAfter().toInstant();
        long days = Duration.between(clock.instant(), notAfter).toDays();
        List<String> names = HostnameMatch.dnsNames(leaf);
        boolean match = HostnameMatch.matches(cfg.host(), names);
        Status st = ifValid;
        if (ifValid == Status.OK && days < 14) {
            st = Status.WARN;
        }
        add("certificate", st, "subject " + leaf.getSubjectX500Principal().getName() + ", issuer "
                + leaf.getIssuerX500Principal().getName() + ", expires " + notAfter + " ("
                + (days < 0 ? "EXPIRED" : days + " days left") + "), names " + names + ", host name "
                + cfg.host() + (match ? " matches" : " does NOT match") + ", sha256 " + TlsTrust.fingerprint(leaf));
    }

    private void auth(Socket s, SmtpReply ehlo) throws IOException {
        if (!cfg.authenticates()) {
            add("auth", Status.SKIP, "no credentials configured");
            return;
        }
        Credentials creds;
        try {
            creds = Credentials.from(cfg);
        } catch (IOException e) {
            add("auth", Status.FAIL, e.getMessage());
            return;
        }
        String mechs = ehlo.lines().stream().filter(l -> l.toUpperCase(Locale.ROOT).startsWith("AUTH"))
                .findFirst().orElse("").toUpperCase(Locale.ROOT);
        SmtpReply r;
        String used;
        if (mechs.contains("PLAIN")) {
            used = "PLAIN";
            String token = Base64.getEncoder().encodeToString(("\0" + creds.username() + "\0" + secret(creds))
                    .getBytes(StandardCharsets.UTF_8));
            r = command(s, "AUTH PLAIN " + token);
        } else if (mechs.contains("LOGIN")) {
            used = "LOGIN";
            r = command(s, "AUTH LOGIN");
            if (r.code() == 334) {
                r = command(s, Base64.getEncoder().encodeToString(creds.username().getBytes(StandardCharsets.UTF_8)));
            }
            if (r.code() == 334) {
                r = command(s, Base64.getEncoder().encodeToString(secret(creds).getBytes(StandardCharsets.UTF_8)));
            }
        } else {
            add("auth", Status.FAIL, "server offers no AUTH PLAIN or LOGIN after TLS (offers: '" + mechs + "')");
            return;
        }
        if (r.code() == 235) {
            add("auth", Status.OK, "authenticated as " + creds.username() + " (" + used + ")");
        } else {
            add("auth", Status.FAIL, "credentials for " + creds.username() + " rejected: " + r.text());
        }
    }

    private static String secret(Credentials c) {
        return c.password();
    }

    private static boolean hasExtension(SmtpReply ehlo, String ext) {
        return ehlo.lines().stream().skip(1).anyMatch(l -> l.toUpperCase(Locale.ROOT).split(" ")[0].equals(ext));
    }

    private static SmtpReply command(Socket s, String line) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = s.getInputStream();
        return SmtpReply.read(in);
    }

    private String nextStepName() {
        for (String n : ALL) {
            if (steps.stream().noneMatch(s -> s.name().equals(n))) {
                return n;
            }
        }
        return "auth";
    }

    private static String describe(IOException e, Duration timeout) {
        if (e instanceof SocketTimeoutException) {
            return "timed out after " + timeout.toSeconds() + "s (silently dropped)";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private void add(String name, Status st, String detail) {
        steps.add(new Step(name, st, detail));
    }

    private Report finish(String target) {
        for (String n : ALL) {
            if (steps.stream().noneMatch(s -> s.name().equals(n))) {
                add(n, Status.SKIP, "not reached");
            }
        }
        List<Step> ordered = new ArrayList<>();
        for (String n : ALL) {
            steps.stream().filter(s -> s.name().equals(n)).forEach(ordered::add);
        }
        return new Report(target, ordered);
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
