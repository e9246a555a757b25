package gateway.dhcp.lease;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** What the allocator decided for one DISCOVER or REQUEST; the handler turns it into a reply or silence. */
public sealed interface Decision {
    /** Offer {@code lease.address()}; probe it first when {@code probe} (never handed to this client before). */
    record Offer(Lease lease, Duration leaseTime, boolean probe) implements Decision {
    }

    /** Bound; ACK once {@code durable} completes. {@code renewal} when the client already held it. */
    record Ack(Lease lease, Duration leaseTime, boolean renewal, CompletableFuture<Void> durable) implements Decision {
    }

    /** DHCPNAK (RFC 2131 section 4.3.2): the client must restart from INIT. */
    record Nak(String reason) implements Decision {
    }

    /** Stay silent (RFC 2131 section 4.3.2 for unknown clients, reserved-only mode, exhaustion...). */
    record Ignore(String reason) implements Decision {
    }
}
