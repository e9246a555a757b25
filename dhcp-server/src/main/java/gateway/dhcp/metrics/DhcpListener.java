package gateway.dhcp.metrics;

import gateway.dhcp.codec.DhcpParseException;
import gateway.dhcp.codec.MessageType;

/** What the server did with each datagram. Called on I/O threads: return quickly, never throw. */
public interface DhcpListener {
    DhcpListener NO_OP = new DhcpListener() { };

    /** A datagram that did not decode; it was dropped. */
    default void malformed(DhcpParseException.Reason reason) {
    }

    /** A request that decoded, before any decision. */
    default void received(MessageType type) {
    }

    /** A request answered with {@code reply}. */
    default void replied(MessageType reply) {
    }

    /** A request left unanswered on purpose (rate limit, reserved-only, exhaustion, another server chosen...). */
    default void ignored(String reason) {
    }

    /** A conflict probe found the address in use. */
    default void conflict() {
    }
}
