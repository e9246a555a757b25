package gateway.dhcp.server;

import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.config.SubnetConfig;
import java.util.concurrent.CompletableFuture;

/** Asks whether some host already uses an address before it is offered (RFC 2131 section 3.1, step 2). */
public interface ConflictProber {
    /** Never probes; every address is free. */
    ConflictProber OFF = (address, subnet) -> CompletableFuture.completedFuture(false);

    /** Completes with true when something answered for {@code address}; never completes exceptionally. */
    CompletableFuture<Boolean> probe(Ipv4 address, SubnetConfig subnet);
}
