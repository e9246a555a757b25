package gateway.smtp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.internal.command.MailCommand;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.internal.server.RequireAuthCommandWrapper;
import org.subethamail.smtp.internal.server.RequireTLSCommandWrapper;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * An in-process ISP submission server on loopback: STARTTLS required (or not offered at all), AUTH
 * PLAIN/LOGIN required, per-recipient refusals on demand. Records what it received.
 */
public final class SubmissionServer implements AutoCloseable {

    /** One received message. */
    public record Received(String from, List<String> recipients, byte[] data, boolean tls, String user) {
    }

    public final List<Received> received = new CopyOnWriteArrayList<>();
    public final AtomicInteger sessions = new AtomicInteger();
    private final SMTPServer server;
    /** Recipient → null to accept or a reply like "450 4.2.0 busy" to refuse; changeable during a test. */
    public volatile Function<String, String> rcptPolicy = r -> null;
    /** Every MAIL command line as received, parameters included. */
    public final List<String> mailCommands = new CopyOnWriteArrayList<>();
    /** EHLO keywords not to offer, e.g. "8BITMIME" or "SMTPUTF8"; changeable during a test. */
    public volatile Set<String> hiddenExtensions = Set.of();

    public SubmissionServer(TestCerts certs, boolean offerStartTls, String user, String password) throws Exception {
        this(certs, offerStartTls, false, user, password, 0);
    }

    /** A STARTTLS server on a given port (e.g. the port of one that was closed: a server restart). */
    public static SubmissionServer onPort(int port, TestCerts certs, String user, String password) throws Exception {
        return new SubmissionServer(certs, true, false, user, password, port);
    }

    /** A server speaking TLS from the first byte (port 465 style). */
    public static SubmissionServer implicitTls(TestCerts certs, String user, String password) throws Exception {
        return new SubmissionServer(certs, false, true, user, password, 0);
    }

    private SubmissionServer(TestCerts certs, boolean offerStartTls, boolean implicit, String user, String password,
                             int port) throws Exception {
        SMTPServer.Builder b = SMTPServer.port(port)
                .bindAddress(InetAddress.getLoopbackAddress())
                .hostName("smtp.isp.test")
                .requireAuth()
                .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((u, p, ctx) -> {
                    if (!u.equals(user) || !p.equals(password)) {
                        throw new LoginFailedException("bad credentials");
                    }
                }))
                .connectionTimeout(20, TimeUnit.SECONDS)
                .sessionHandler(new SessionHandler() {
                    @Override
                    public SessionAcceptance accept(Session session) {
                        sessions.incrementAndGet();
                        return SessionAcceptance.success();
                    }

                    @Override
                    public void onSessionEnd(Session session) {
                    }
                })
                .messageHandlerFactory(this::handler);
        if (offerStartTls) {
            b.enableTLS().requireTLS().startTlsSocketFactory(certs.serverContext());
        }
        if (implicit) {
            b.serverSocketFactory(certs.serverContext());
        }
        server = b.build();
        server.getCommandHandler().addCommand(new RequireAuthCommandWrapper(new RequireTLSCommandWrapper(
                new RecordingMail())));
        server.getCommandHandler().addCommand(new FilteredEhlo());
        server.start();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPortAllocated());
    }

    public int port() {
        return server.getPortAllocated();
    }

    private MessageHandler handler(MessageContext ctx) {
        return new MessageHandler() {
            String from;
            final List<String> rcpts = new ArrayList<>();

            @Override
            public void from(String f) {
                from = f;
            }

            @Override
            public void recipient(String r) throws RejectException {
                String refusal = rcptPolicy.apply(r);
                if (refusal != null) {
                    throw new RejectException(Integer.parseInt(refusal.substring(0, 3)), refusal.substring(4));
                }
                rcpts.add(r);
            }

            @Override
            public String data(InputStream data) throws IOException {
                byte[] bytes = data.readAllBytes();
                String user = ctx.getAuthenticationHandler().map(h -> String.valueOf(h.getIdentity())).orElse("");
                received.add(new Received(from, List.copyOf(rcpts), bytes, ((Session) ctx).isTLSStarted(), user));
                return null;
            }

            @Override
            public void done() {
            }
        };
    }

    @Override
    public void close() {
        server.stop();
    }

    /** SubEthaSMTP's MAIL, recording the line first (its own drops the parameters). */
    private final class RecordingMail extends BaseCommand {
        private final MailCommand delegate = new MailCommand();

        RecordingMail() {
            super("MAIL", "Specifies the sender.");
        }

        @Override
        public void execute(String commandString, Session sess) throws IOException, DropConnectionException {
            mailCommands.add(commandString);
            delegate.execute(commandString, sess);
        }
    }

    /** SubEthaSMTP's EHLO reply without the hidden keywords. */
    private final class FilteredEhlo extends BaseCommand {
        FilteredEhlo() {
            super("EHLO", "Introduce yourself.");
        }

        @Override
        public void execute(String commandString, Session sess) throws IOException {
            String[] args = getArgs(commandString);
            if (args.length < 2) {
                sess.sendResponse("501 Syntax: EHLO hostname");
                return;
            }
            sess.resetMailTransaction();
            sess.setHelo(args[1]);
            List<String> lines = new ArrayList<>(List.of(sess.getServer().getHostName(), "8BITMIME",
                    "SIZE " + sess.getServer().getMaxMessageSize(), "SMTPUTF8"));
            if (sess.getServer().getEnableTLS() && !sess.isTLSStarted()) {
                lines.add("STARTTLS");
            } else {
                lines.add("AUTH " + String.join(" ",
                        sess.getServer().getAuthenticationHandlerFactory().orElseThrow().getAuthenticationMechanisms()));
            }
            lines.removeIf(l -> hiddenExtensions.contains(l.split(" ")[0]));
            StringBuilder r = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                r.append(i == 0 ? "" : "\r\n").append(i == lines.size() - 1 ? "250 " : "250-").append(lines.get(i));
            }
            sess.sendResponse(r.toString());
        }
    }
}
