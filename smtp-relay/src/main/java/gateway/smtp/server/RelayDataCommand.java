package gateway.smtp.server;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.internal.io.DotTerminatedInputStream;
import org.subethamail.smtp.internal.io.DotUnstuffingInputStream;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * DATA (RFC 5321 section 4.1.1.4). Differs from SubEthaSMTP's in two ways that matter for a relay: the data is
 * always read up to the real {@code <CRLF>.<CRLF>} before any reply, also when it is refused, so a refused
 * message's content is never taken for commands; and a refusal ends the mail transaction like a success does.
 * End of data is recognised only on {@code <CRLF>.<CRLF>} ({@link DotTerminatedInputStream}).
 */
final class RelayDataCommand extends BaseCommand {
    private final ScheduledExecutorService timer;
    private final Duration maxDataTime;
    private final CommandPhaseDeadline commandDeadline;

    /**
     * @param timer runs the deadline that ends a DATA phase lasting longer than {@code maxDataTime}: the idle
     *     timeout applies per read, so without it a client trickling a byte at a time could hold a session
     *     (and a spool file) forever
     * @param commandDeadline paused while DATA runs; restarted when a message is accepted
     */
    RelayDataCommand(ScheduledExecutorService timer, Duration maxDataTime, CommandPhaseDeadline commandDeadline) {
        super("DATA", "Following text is collected as the message.\nEnd data with <CR><LF>.<CR><LF>");
        this.timer = timer;
        this.maxDataTime = maxDataTime;
        this.commandDeadline = commandDeadline;
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
        commandDeadline.pause(sess);
        sess.sendResponse("354 End data with <CR><LF>.<CR><LF>");
        InputStream stream = new DotUnstuffingInputStream(new DotTerminatedInputStream(sess.getRawInput()));
        String reply;
        // Closing the socket makes the blocked read fail: the message is discarded, never half-accepted.
        ScheduledFuture<?> deadline = timer.schedule(() -> closeQuietly(sess), maxDataTime.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            reply = sess.getMessageHandler().data(stream);
            stream.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (RejectException ex) {
            stream.transferTo(java.io.OutputStream.nullOutputStream());
            deadline.cancel(false);
            commandDeadline.resume(sess);
            sess.resetMailTransaction();
            sess.sendResponse(ex.getErrorResponse());
            return;
        } finally {
            deadline.cancel(false);
        }
        commandDeadline.start(sess);
        sess.resetMailTransaction();
        sess.sendResponse("250 " + (reply == null ? "2.0.0 Ok" : reply));
    }

    private static void closeQuietly(Session sess) {
        try {
            sess.getSocket().close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
