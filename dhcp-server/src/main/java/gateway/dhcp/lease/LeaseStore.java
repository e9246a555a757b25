package gateway.dhcp.lease;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Where lease changes go. {@link #persist} is called under the allocator's lock, so records
 * arrive in the order the table changed; the future completes once the change is durable, which
 * for a store on disk is at the next {@link #sync}.
 */
public interface LeaseStore {
    /** Keeps leases in memory only (tests, and a server started without a lease file). */
    LeaseStore MEMORY = lease -> CompletableFuture.completedFuture(null);

    CompletableFuture<Void> persist(Lease lease);

    /**
     * Records a change nobody waits for (a release, an expiry); it becomes durable a little later
     * than with {@link #persist}, at the latest with the next sync that an ACK waits for.
     */
    default void append(Lease lease) {
        persist(lease);
    }

    /**
     * Makes every change {@linkplain #persist persisted} so far durable and completes their
     * futures (exceptionally when that failed); writes appended changes too. The server calls it
     * after each batch of requests.
     */
    default void sync() {
    }

    /**
     * Replaces what is stored with {@code live}. Called under the allocator's lock with its
     * whole table, so no change can fall between the snapshot and the rewrite.
     */
    /** Writes and makes durable everything, appended changes included. */
    default void flush() {
        sync();
    }

    default CompletableFuture<Void> compact(Collection<Lease> live) {
        return CompletableFuture.completedFuture(null);
    }
}
