package gateway.smtp.server;

import gateway.smtp.metrics.SmtpRelayListener;
import gateway.smtp.policy.AddressPolicy;
import gateway.smtp.policy.DataViolation;
import gateway.smtp.policy.HeaderCompletion;
import gateway.smtp.policy.MailParameters;
import gateway.smtp.policy.MessageDataCopier;
import gateway.smtp.policy.ReceivedHeader;
import gateway.smtp.spool.Envelope;
import gateway.smtp.spool.Spool;
import gateway.smtp.spool.SpoolWriter;
import gateway.smtp.spool.SpooledMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.Session;

/**
 * One mail transaction: checks the envelope, copies the data into the spool under the framing rules, and
 * returns (so 250 is sent) only once the message is durable. Call order as in {@link MessageHandler}.
 */
final class RelayMessageHandler implements MessageHandler {
    private static final Logger log = LoggerFactory.getLogger(RelayMessageHandler.class);

    /** Everything a transaction needs from the server, shared by all sessions. */
    record Context(Spool spool, Clock clock, String hostName, long maxBytes, SmtpRelayListener listener,
                   Consumer<SpooledMessage> accepted, EsmtpSessions esmtp) {
    }

    private final Context ctx;
    private final MessageContext session;
    private String sender;
    private MailParameters parameters = MailParameters.NONE;
    private final List<String> recipients = new ArrayList<>();

    RelayMessageHandler(Context ctx, MessageContext session) {
        this.ctx = ctx;
        this.session = session;
    }

    /** The MAIL parameters, set by {@link RelayMailCommand} just before {@link #from}. */
    void parameters(MailParameters p) {
        this.parameters = p;
    }

    @Override
    public void from(String address) throws RejectException {
        reject(AddressPolicy.sender(address));
        sender = address;
    }

    @Override
    public void recipient(String address) throws RejectException {
        reject(AddressPolicy.recipient(address));
        if (!parameters.smtpUtf8() && !address.chars().allMatch(c -> c < 0x80)) {
            // RFC 6531 section 3.4: non-ASCII addresses only in a transaction that declared SMTPUTF8
            throw new RejectException(553, "5.6.7 must declare SMTPUTF8 to send a non-ASCII address");
        }
        recipients.add(address);
    }

    @Override
    public String data(InputStream data) throws RejectException, IOException {
        InetAddress client = ((java.net.InetSocketAddress) session.getRemoteAddress()).getAddress();
        Envelope env = new Envelope(sender, recipients, ctx.clock().instant(), client.getHostAddress(),
                session.getHelo().orElse(""), parameters.body(), parameters.smtpUtf8());
        SpoolWriter writer;
        try {
            writer = ctx.spool().create(env);
        } catch (IOException e) {
            data.transferTo(OutputStream.nullOutputStream());
            log.error("cannot create spool file: {}", e.toString());
            throw refuse(client, new DataViolation(451, "4.3.0 cannot write to the mail spool, try again later"));
        }
        try (writer) {
            writer.content().write(received(client, writer.id()));
            HeaderCompletion completion = new HeaderCompletion(ctx.clock(), ctx.hostName(), writer::id);
            MessageDataCopier.Result r =
                    MessageDataCopier.copy(data, writer.content(), ctx.maxBytes(), completion.tracker());
            if (r.violation() != null) {
                throw refuse(client, r.violation());
            }
            if (r.sinkFailure() != null) {
                log.error("spool write failed: {}", r.sinkFailure().toString());
                throw refuse(client, new DataViolation(451, "4.3.0 cannot write to the mail spool, try again later"));
            }
            SpooledMessage m;
            try {
                m = writer.commit();
            } catch (IOException e) {
                log.error("spool commit failed: {}", e.toString());
                throw refuse(client, new DataViolation(451, "4.3.0 cannot write to the mail spool, try again later"));
            }
            ctx.listener().messageAccepted(m.id(), recipients.size(), m.size());
            log.info("accepted {} from {} <{}> for {} recipient(s), {} bytes", m.id(), client.getHostAddress(),
                    sender, recipients.size(), m.size());
            ctx.accepted().accept(m);
            return "2.0.0 Ok: queued as " + m.id();
        }
    }

    /** Our trace field, first in the message (RFC 5321 section 4.4). */
    private byte[] received(InetAddress client, String id) {
        boolean tls = session instanceof Session s && s.isTLSStarted();
        ReceivedHeader.Protocol p = new ReceivedHeader.Protocol(ctx.esmtp().isEsmtp(session), tls,
                session.getAuthenticationHandler().isPresent(), parameters.smtpUtf8());
        return ReceivedHeader.build(session.getHelo().orElse(""), client.getHostAddress(), ctx.hostName(), p, id,
                recipients.size() == 1 ? recipients.get(0) : null, ctx.clock().instant(), ctx.clock().getZone());
    }

    @Override
    public void done() {
        // nothing held between transactions
    }

    private RejectException refuse(InetAddress client, DataViolation v) {
        ctx.listener().messageRejected(client, v.code(), v.text());
        log.info("refused message from {}: {} {}", client.getHostAddress(), v.code(), v.text());
        return new RejectException(v.code(), v.text());
    }

    private static void reject(DataViolation v) throws RejectException {
        if (v != null) {
            throw new RejectException(v.code(), v.text());
        }
    }
}
