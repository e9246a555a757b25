package gateway.smtp.server;

import java.io.IOException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * EHLO (RFC 5321 section 4.1.1.1) advertising exactly what this relay does. Replaces SubEthaSMTP's, which
 * advertises CHUNKING: its BDAT stream cannot tell a complete chunk from a dropped connection, so a truncated
 * message could be accepted. PIPELINING (RFC 2920) works with SubEthaSMTP's sequential reader.
 * ENHANCEDSTATUSCODES is not advertised: SubEthaSMTP's own MAIL/RCPT replies carry none (RFC 2034 section 3).
 */
final class RelayEhloCommand extends BaseCommand {

    private final EsmtpSessions esmtp;

    RelayEhloCommand(EsmtpSessions esmtp) {
        super("EHLO", "Introduce yourself.", "<hostname>");
        this.esmtp = esmtp;
    }

    @Override
    public void execute(String commandString, Session sess) throws IOException {
        String[] args = getArgs(commandString);
        if (args.length < 2) {
            sess.sendResponse("501 5.5.4 Syntax: EHLO hostname");
            return;
        }
        sess.resetMailTransaction();
        sess.setHelo(args[1]);
        esmtp.greetedWithEhlo(sess);
        StringBuilder r = new StringBuilder();
        r.append("250-").append(sess.getServer().getHostName());
        r.append("\r\n250-PIPELINING");
        r.append("\r\n250-SIZE ").append(sess.getServer().getMaxMessageSize());
        r.append("\r\n250-8BITMIME");
        if (sess.getServer().getEnableTLS() && !sess.isTLSStarted()) {
            r.append("\r\n250-STARTTLS"); // RFC 3207
        }
        // AUTH (RFC 4954) only where a password is not sent in the clear: after STARTTLS when TLS is offered
        var auth = sess.getServer().getAuthenticationHandlerFactory();
        if (auth.isPresent() && (sess.isTLSStarted() || !sess.getServer().getEnableTLS())) {
            r.append("\r\n250-AUTH ").append(String.join(" ", auth.get().getAuthenticationMechanisms()));
        }
        r.append("\r\n250 SMTPUTF8");
        sess.sendResponse(r.toString());
    }
}
