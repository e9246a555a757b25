package gateway.dhcp.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the DHCP server needs. {@link #defaults()} has no subnet, and a server with no
 * subnet refuses to start: handing out addresses must be an explicit decision.
 *
 * @param reservedOnly answer only clients with a reservation (a careful migration starts so)
 * @param leaseFile the journal; absent keeps leases in memory only (tests, never production)
 * @param conflictProbeTimeout how long to wait for an ICMP echo reply before offering a never-used
 *     address; zero turns the check off
 * @param otherServerProbe how long to listen for another server's OFFER at start; zero skips the probe
 * @param startDespiteOtherServer start even when another server answered the probe
 * @param declineHold how long a declined address is held back (RFC 2131 section 3.1 step 5)
 * @param perClientPerMinute requests per client and minute before it is ignored
 * @param allClientsPerSecond requests per second for everyone together
 */
public record DhcpConfig(
        List<SubnetConfig> subnets, List<Reservation> reservations, boolean reservedOnly,
        Optional<Path> leaseFile, Duration conflictProbeTimeout, Duration otherServerProbe,
        boolean startDespiteOtherServer, Duration declineHold, int perClientPerMinute, int allClientsPerSecond) {

    public DhcpConfig {
        subnets = List.copyOf(subnets);
        reservations = List.copyOf(reservations);
        if (leaseFile == null || conflictProbeTimeout == null || otherServerProbe == null || declineHold == null) {
            throw new IllegalArgumentException("use Optional.empty() / Duration.ZERO, not null");
        }
        if (conflictProbeTimeout.isNegative() || conflictProbeTimeout.toMillis() > 5000) {
            throw new IllegalArgumentException("conflict probe timeout must be 0..5 s: " + conflictProbeTimeout);
        }
        if (otherServerProbe.isNegative() || otherServerProbe.toSeconds() > 30) {
            throw new IllegalArgumentException("other-server probe must be 0..30 s: " + otherServerProbe);
        }
        if (perClientPerMinute < 1 || allClientsPerSecond < 1) {
            throw new IllegalArgumentException("rate limits must be positive");
        }
        Set<String> interfaces = new HashSet<>();
        for (SubnetConfig s : subnets) {
            if (!interfaces.add(s.interfaceName())) {
                throw new IllegalArgumentException("interface " + s.interfaceName() + " configured twice");
            }
        }
        Set<Object> keys = new HashSet<>();
        Set<Object> addresses = new HashSet<>();
        for (Reservation r : reservations) {
            if (!keys.add(r.mac().isPresent() ? r.mac() : r.clientId())) {
                throw new IllegalArgumentException("client reserved twice: " + r);
            }
            if (!addresses.add(r.address())) {
                throw new IllegalArgumentException("address reserved twice: " + r.address());
            }
            if (subnets.stream().noneMatch(s -> s.contains(r.address()))) {
                throw new IllegalArgumentException("reserved address " + r.address() + " is in no configured subnet");
            }
        }
    }

    /** No subnet: the server will not start until one is configured. */
    public static DhcpConfig defaults() {
        return new DhcpConfig(List.of(), List.of(), false, Optional.empty(), Duration.ofMillis(300),
                Duration.ofSeconds(3), false, Duration.ofHours(1), 60, 200);
    }

    public DhcpConfig withSubnets(List<SubnetConfig> s) {
        return new DhcpConfig(s, reservations, reservedOnly, leaseFile, conflictProbeTimeout, otherServerProbe,
                startDespiteOtherServer, declineHold, perClientPerMinute, allClientsPerSecond);
    }

    public DhcpConfig withReservations(List<Reservation> r, boolean onlyReserved) {
        return new DhcpConfig(subnets, r, onlyReserved, leaseFile, conflictProbeTimeout, otherServerProbe,
                startDespiteOtherServer, declineHold, perClientPerMinute, allClientsPerSecond);
    }

    public DhcpConfig withLeaseFile(Path file) {
        return new DhcpConfig(subnets, reservations, reservedOnly, Optional.ofNullable(file), conflictProbeTimeout,
                otherServerProbe, startDespiteOtherServer, declineHold, perClientPerMinute, allClientsPerSecond);
    }

    public DhcpConfig withProbes(Duration conflictTimeout, Duration otherServer, boolean goAhead) {
        return new DhcpConfig(subnets, reservations, reservedOnly, leaseFile, conflictTimeout, otherServer, goAhead,
                declineHold, perClientPerMinute, allClientsPerSecond);
    }

    public DhcpConfig withRateLimits(int perClient, int all) {
        return new DhcpConfig(subnets, reservations, reservedOnly, leaseFile, conflictProbeTimeout, otherServerProbe,
                startDespiteOtherServer, declineHold, perClient, all);
    }
}
