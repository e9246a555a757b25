package gateway.smtp.delivery;

import gateway.smtp.config.RelayHostConfig;
import gateway.smtp.config.TlsMode;
import gateway.smtp.spool.BodyType;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressSucceededException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * One authenticated connection to the relayhost, reused for many messages (Postfix opens a new TLS
 * connection and AUTH per message). Not thread-safe: one per delivery worker.
 *
 * <p>TLS is never optional: with STARTTLS mode Angus is told STARTTLS is required (RFC 3207; no plaintext
 * fallback), with implicit mode the socket is TLS from the start (RFC 8314). When credentials are configured
 * and the server offers no AUTH after TLS, the connection is refused rather than used unauthenticated.
 */
public final class UpstreamSession implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UpstreamSession.class);
    /**
     * A connection used within this time is reused without asking the server first: Angus's
     * {@code isConnected()} costs a NOOP round trip, one in five per message. Servers keep an idle session for
     * minutes (RFC 5321 section 4.5.3.2.7: at least 5); if it was closed after all, the attempt is made again at
     * once on a new connection.
     */
    static final Duration REUSE_WITHOUT_CHECK = Duration.ofSeconds(5);

    private final RelayHostConfig cfg;
    private final Credentials credentials;
    private final Session session;
    private final LongSupplier nanoTime;
    private SMTPTransport transport;
    private long lastUsedNanos;

    public UpstreamSession(RelayHostConfig cfg, Credentials credentials, SSLSocketFactory tls) {
        this(cfg, credentials, tls, System::nanoTime);
    }

    UpstreamSession(RelayHostConfig cfg, Credentials credentials, SSLSocketFactory tls, LongSupplier nanoTime) {
        this.cfg = cfg;
        this.credentials = credentials;
        this.session = Session.getInstance(properties(cfg, tls));
        this.nanoTime = nanoTime;
    }

    static Properties properties(RelayHostConfig cfg, SSLSocketFactory tls) {
        boolean implicit = cfg.tls() == TlsMode.IMPLICIT;
        String p = implicit ? "mail.smtps." : "mail.smtp.";
        Properties props = new Properties();
        props.put(p + "host", cfg.host());
        props.put(p + "port", String.valueOf(cfg.port()));
        props.put(p + "localhost", cfg.heloName());
        props.put(p + "connectiontimeout", String.valueOf(cfg.connectTimeout().toMillis()));
        props.put(p + "timeout", String.valueOf(cfg.readTimeout().toMillis()));
        props.put(p + "writetimeout", String.valueOf(cfg.readTimeout().toMillis()));
        props.put(p + "ssl.socketFactory", tls);
        props.put(p + "ssl.checkserveridentity", "true");
        props.put(p + "ssl.protocols", "TLSv1.3 TLSv1.2");
        if (implicit) {
            props.put(p + "ssl.enable", "true");
        } else {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        props.put(p + "auth", String.valueOf(cfg.authenticates()));
        props.put(p + "auth.mechanisms", "PLAIN LOGIN");
        props.put(p + "sendpartial", "true");
        props.put(p + "reportsuccess", "true");
        props.put(p + "quitwait", "false");
        // Secrets never reach a log: Angus's own debug output stays off.
        props.put("mail.debug", "false");
        props.put("mail.debug.auth", "false");
        return props;
    }

    private String protocol() {
        return cfg.tls() == TlsMode.IMPLICIT ? "smtps" : "smtp";
    }

    /** Connects, negotiates TLS and authenticates if not connected yet (checking an idle connection first). */
    public void ensureConnected() throws MessagingException {
        connect(false);
    }

    /**
     * @param trustRecentUse reuse a connection used within {@link #REUSE_WITHOUT_CHECK} without a NOOP
     * @return false when an open connection was reused unchecked (so a failure may mean it had been closed)
     */
    private boolean connect(boolean trustRecentUse) throws MessagingException {
        if (transport != null && trustRecentUse
                && nanoTime.getAsLong() - lastUsedNanos < REUSE_WITHOUT_CHECK.toNanos()) {
            return false;
        }
        if (transport != null && transport.isConnected()) {
            return true;
        }
        close();
        SMTPTransport t = (SMTPTransport) session.getTransport(protocol());
        if (credentials.present()) {
            t.connect(cfg.host(), cfg.port(), credentials.username(), credentials.password());
            if (!t.supportsExtension("AUTH")) {
                closeQuietly(t);
                throw new MessagingException("relayhost " + cfg.host() + " offers no AUTH after TLS;"
                        + " refusing to send unauthenticated");
            }
        } else {
            t.connect(cfg.host(), cfg.port(), null, null);
        }
        if (!t.isSSL()) {
            // Angus enforces this already (starttls.required); checked again because it must never happen.
            closeQuietly(t);
            throw new MessagingException("connection to " + cfg.host() + " is not encrypted; refusing to use it");
        }
        transport = t;
        return true;
    }

    /** True if an (authenticated, TLS) connection is open now. */
    public boolean connected() {
        return transport != null && transport.isConnected();
    }

    /** Sends a message whose client gave no MAIL parameters; see {@link #send(byte[], String, List, BodyType, boolean)}. */
    public AttemptResult send(byte[] content, String sender, List<String> recipients) {
        return send(content, sender, recipients, BodyType.UNSPECIFIED, false);
    }

    /**
     * Sends one message to the given recipients and reports each recipient's outcome.
     *
     * @param content the message exactly as spooled (CRLF lines)
     * @param sender envelope sender; empty for the null sender
     * @param recipients recipients still to be delivered
     * @param body the BODY parameter the client gave (RFC 6152)
     * @param smtpUtf8 whether the client gave SMTPUTF8 (RFC 6531)
     */
    public AttemptResult send(byte[] content, String sender, List<String> recipients, BodyType body,
                              boolean smtpUtf8) {
        boolean checked;
        try {
            checked = connect(true);
        } catch (MessagingException e) {
            return new AttemptResult.Failed(describe(e), false);
        }
        AttemptResult r = sendOnce(content, sender, recipients, body, smtpUtf8);
        if (!checked && transport == null && r instanceof AttemptResult.Failed f && !f.permanent()) {
            // The unchecked connection had been closed by the server; nothing was accepted on it (else the
            // result would name recipients). A new connection now instead of a retry minutes later.
            log.info("connection to {} was closed by the server ({}); sending again on a new one", cfg.host(),
                    f.error());
            try {
                connect(false);
            } catch (MessagingException e) {
                return new AttemptResult.Failed(describe(e), false);
            }
            r = sendOnce(content, sender, recipients, body, smtpUtf8);
        }
        if (transport != null) {
            lastUsedNanos = nanoTime.getAsLong();
        }
        return r;
    }

    private AttemptResult sendOnce(byte[] content, String sender, List<String> recipients, BodyType body,
                                   boolean smtpUtf8) {
        MailParametersUpstream.Plan plan = MailParametersUpstream.plan(body, smtpUtf8, sender, recipients, content,
                new MailParametersUpstream.Offers(transport.supportsExtension("8BITMIME"),
                        transport.supportsExtension("SMTPUTF8")), cfg.host());
        if (plan instanceof MailParametersUpstream.Refuse r) {
            return new AttemptResult.Failed(r.reason(), true);
        }
        MailParametersUpstream.Send send = (MailParametersUpstream.Send) plan;
        // Angus writes commands byte-per-char unless mail.mime.allowutf8 is set, which would put SMTPUTF8 on
        // every message; instead addresses go in as their UTF-8 bytes and SMTPUTF8 only when needed (RFC 6531).
        Map<String, String> original = new HashMap<>();
        List<InternetAddress> addrs = new ArrayList<>();
        List<RecipientResult> results = new ArrayList<>();
        for (String r : recipients) {
            InternetAddress a = new InternetAddress();
            a.setAddress(wire(r)); // no re-parsing: the address goes out exactly as it came in
            original.put(wire(r), r);
            addrs.add(a);
        }
        SMTPMessage msg = new RawMessage(session, send.content());
        msg.setEnvelopeFrom(sender.isEmpty() ? "<>" : wire(sender));
        if (!send.extensions().isEmpty()) {
            msg.setMailExtension(String.join(" ", send.extensions()));
        }
        try {
            transport.sendMessage(msg, addrs.toArray(new InternetAddress[0]));
            for (String r : recipients) {
                results.add(new RecipientResult(r, RecipientResult.Status.DELIVERED, transport.getLastServerResponse()));
            }
            return new AttemptResult.PerRecipient(results);
        } catch (SendFailedException e) {
            if (!transport.isConnected()) {
                transport = null;
            }
            return fromSendFailure(e, recipients, original);
        } catch (MessagingException e) {
            closeQuietly(transport);
            transport = null;
            return new AttemptResult.Failed(describe(e), false);
        }
    }

    /**
     * With {@code reportsuccess} and {@code sendpartial} Angus chains one exception per recipient: succeeded ones
     * as {@link SMTPAddressSucceededException}, refused ones as {@link SMTPAddressFailedException} with the code.
     * The top exception is the final reply to the data ("." 250) or the command that failed.
     */
    static AttemptResult fromSendFailure(SendFailedException top, List<String> recipients,
                                         Map<String, String> original) {
        Map<String, RecipientResult> byRcpt = new HashMap<>();
        List<String> rcptAccepted = new ArrayList<>();
        Exception next = top.getNextException();
        while (next instanceof MessagingException me) {
            if (me instanceof SMTPAddressSucceededException s) {
                rcptAccepted.add(original.getOrDefault(s.getAddress().getAddress(), s.getAddress().getAddress()));
            } else if (me instanceof SMTPAddressFailedException f) {
                String rc = original.getOrDefault(f.getAddress().getAddress(), f.getAddress().getAddress());
                byRcpt.put(rc, new RecipientResult(rc, RecipientResult.Status.ofReplyCode(f.getReturnCode()),
                        f.getMessage()));
            }
            next = me.getNextException();
        }
        String cmd = top instanceof SMTPSendFailedException s && s.getCommand() != null ? s.getCommand() : "";
        // Without a reply code (e.g. every RCPT refused) the per-recipient codes above decide; others retry.
        int code = top instanceof SMTPSendFailedException s ? s.getReturnCode() : 451;
        boolean dataAccepted = ".".equals(cmd) && code / 100 == 2;
        if (cmd.startsWith("MAIL FROM") && byRcpt.isEmpty() && rcptAccepted.isEmpty()) {
            boolean perm = code / 100 == 5;
            return new AttemptResult.Failed("MAIL FROM refused: " + oneLine(top.getMessage()), perm);
        }
        List<RecipientResult> results = new ArrayList<>();
        for (String r : recipients) {
            RecipientResult known = byRcpt.get(r);
            if (known != null) {
                results.add(known);
            } else if (dataAccepted) {
                results.add(new RecipientResult(r, RecipientResult.Status.DELIVERED, oneLine(top.getMessage())));
            } else {
                results.add(new RecipientResult(r, RecipientResult.Status.ofReplyCode(code),
                        cmd + ": " + oneLine(top.getMessage())));
            }
        }
        return new AttemptResult.PerRecipient(results);
    }

    /** The address as Angus's byte-per-char command writer must see it to put its UTF-8 bytes on the wire. */
    static String wire(String address) {
        return new String(address.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1);
    }




    /** An exception chain as one line, for the queue's last error; Angus never puts the password in messages. */
    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        Throwable t = e;
        int depth = 0;
        while (t != null && depth++ < 4) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (b.indexOf(m) < 0) {
                b.append(b.length() > 0 ? ": " : "").append(m);
            }
            Throwable n = t instanceof MessagingException me && me.getNextException() != null
                    ? me.getNextException() : t.getCause();
            t = n == t ? null : n;
        }
        return oneLine(b.toString());
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ").trim();
    }

    private static void closeQuietly(SMTPTransport t) {
        try {
            t.close();
        } catch (MessagingException ignored) {
            // closing a broken connection
        }
    }

    @Override
    public void close() {
        if (transport != null) {
            closeQuietly(transport);
            transport = null;
        }
    }

    /** For diagnostics and tests: whether the current connection is TLS-protected. */
    boolean tlsActive() {
        return transport != null && (transport.isSSL() || cfg.tls() == TlsMode.STARTTLS);
    }
}
