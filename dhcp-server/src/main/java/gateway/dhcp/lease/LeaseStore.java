package gateway.dhcp.lease;

import java.util.concurrent.CompletableFuture;

/**
 * Where lease changes go. {@link #persist} is called under the allocator's lock, so records
 * arrive in the order the table changed; the future completes once the change is durable.
 */
public interface LeaseStore {
    /** Keeps leases in memory only (tests, and a server started without a lease file). */
    LeaseStore MEMORY = lease -> CompletableFuture.completedFuture(null);

    CompletableFuture<Void> persist(Lease lease);
}
