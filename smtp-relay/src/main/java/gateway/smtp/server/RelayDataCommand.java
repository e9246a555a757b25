package gateway.smtp.server;

import java.io.IOException;
import java.io.InputStream;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.internal.io.DotTerminatedInputStream;
import org.subethamail.smtp.internal.io.DotUnstuffingInputStream;
import org.subethamail.smtp.internal.io.ReceivedHeaderStream;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * DATA (RFC 5321 section 4.1.1.4). Differs from SubEthaSMTP's in two ways that matter for a relay: the data is
 * always read up to the real {@code <CRLF>.<CRLF>} before any reply, also when it is refused, so a refused
 * message's content is never taken for commands; and a refusal ends the mail transaction like a success does.
 * End of data is recognised only on {@code <CRLF>.<CRLF>} ({@link DotTerminatedInputStream}).
 */
final class RelayDataCommand extends BaseCommand {

    RelayDataCommand() {
        super("DATA", "Following text is collected as the message.\nEnd data with <CR><LF>.<CR><LF>");
    }

    @Override
    public void execute(String commandString, Session sess) throws IOException, DropConnectionException {
        if (!sess.isMailTransactionInProgress()) {
            sess.sendResponse("503 5.5.1 Error: need MAIL command");
            return;
        }
        if (sess.getRecipientCount() == 0) {
            sess.sendResponse("503 5.5.1 Error: need RCPT command");
            return;
        }
        if (!commandString.trim().equalsIgnoreCase("DATA")) {
            sess.sendResponse("501 5.5.4 Syntax: DATA takes no parameters");
            return;
        }
        sess.sendResponse("354 End data with <CR><LF>.<CR><LF>");
        InputStream stream = new DotUnstuffingInputStream(new DotTerminatedInputStream(sess.getRawInput()));
        stream = new ReceivedHeaderStream(stream, sess.getHelo(), sess.getRemoteAddress().getAddress(),
                sess.getServer().getHostName(), java.util.Optional.of(sess.getServer().getSoftwareName()),
                sess.getSessionId(), sess.getSingleRecipient());
        String reply;
        try {
            reply = sess.getMessageHandler().data(stream);
            stream.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (RejectException ex) {
            stream.transferTo(java.io.OutputStream.nullOutputStream());
            sess.resetMailTransaction();
            sess.sendResponse(ex.getErrorResponse());
            return;
        }
        sess.resetMailTransaction();
        sess.sendResponse("250 " + (reply == null ? "2.0.0 Ok" : reply));
    }
}
