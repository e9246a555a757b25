package gateway.dhcp.lease;

/**
 * Lease events, e.g. for local DNS names. Called after the change is durable (granted, renewed,
 * released) or once reclaimed (expired), on a server thread: return quickly, do not throw.
 */
public interface LeaseListener {
    LeaseListener NO_OP = new LeaseListener() { };

    /** A client got an address it did not hold before. */
    default void granted(Lease lease) {
    }

    /** A client extended the address it holds; also once per active lease recovered at start. */
    default void renewed(Lease lease) {
    }

    /** A client gave its address back (DHCPRELEASE) or declined it. */
    default void released(Lease lease) {
    }

    /** A lease ran out and was reclaimed. */
    default void expired(Lease lease) {
    }
}
