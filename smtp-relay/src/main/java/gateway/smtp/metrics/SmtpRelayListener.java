package gateway.smtp.metrics;

import java.net.InetAddress;
import java.time.Duration;

/**
 * Events of the relay, for logs and metrics. Every method has a no-op default; implementations must be
 * thread-safe and fast (they run on session and delivery threads).
 */
public interface SmtpRelayListener {
    SmtpRelayListener NOOP = new SmtpRelayListener() {
    };

    /** A connection was refused before the greeting (not in the LAN, too many connections from it). */
    default void sessionRefused(InetAddress client, int code, String reason) {
    }

    /** A message was made durable in the spool and 250 is being sent. */
    default void messageAccepted(String id, int recipients, long bytes) {
    }

    /** Message data was refused (framing, size, spool failure). */
    default void messageRejected(InetAddress client, int code, String reason) {
    }

    /** One recipient was accepted by the relayhost. */
    default void recipientDelivered(String id, String recipient, Duration age) {
    }

    /** An attempt left recipients undelivered; another attempt follows. */
    default void deliveryDeferred(String id, int remaining, String error) {
    }

    /** Recipients failed for good; a bounce was generated (or dropped for a null sender without postmaster). */
    default void bounced(String id, int recipients, String reason) {
    }

    /** An authenticated upstream connection was opened (reused ones do not count). */
    default void upstreamConnected(String host, String tlsProtocol) {
    }
}
