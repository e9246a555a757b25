package gateway.dhcp.lease;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Where lease changes go. {@link #persist} is called under the allocator's lock, so records
 * arrive in the order the table changed; the future completes once the change is durable.
 */
public interface LeaseStore {
    /** Keeps leases in memory only (tests, and a server started without a lease file). */
    LeaseStore MEMORY = lease -> CompletableFuture.completedFuture(null);

    CompletableFuture<Void> persist(Lease lease);

    /**
     * Replaces what is stored with {@code live}. Called under the allocator's lock with its
     * whole table, so no change can fall between the snapshot and the rewrite.
     */
    default CompletableFuture<Void> compact(Collection<Lease> live) {
        return CompletableFuture.completedFuture(null);
    }
}
