package gateway.dhcp.lease;

import gateway.dhcp.codec.Ipv4;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The binding of one address. For DECLINED leases the client is the one that declined (kept
 * for the log); such an address belongs to nobody.
 */
public record Lease(Ipv4 address, ClientKey client, String mac, Optional<String> hostName, Instant expires,
        LeaseState state) {
    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");

    public Lease {
        if (address == null || client == null || mac == null || hostName == null || expires == null || state == null) {
            throw new IllegalArgumentException("lease fields are required");
        }
        if (!MAC.matcher(mac).matches()) {
            throw new IllegalArgumentException("lease MAC must be aa:bb:cc:dd:ee:ff: " + mac);
        }
        hostName = hostName.filter(h -> !h.isEmpty());
    }

    /** True while the address is taken: bound and unexpired, or declined and still held back. */
    public boolean holdsAddress(Instant now) {
        return (state == LeaseState.BOUND || state == LeaseState.DECLINED) && expires.isAfter(now);
    }

    public Lease with(LeaseState newState, Instant newExpires) {
        return new Lease(address, client, mac, hostName, newExpires, newState);
    }
}
