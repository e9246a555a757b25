package gateway.dhcp.lease;

/** The durable states of an address (RFC 2131 section 4.3: bindings the server remembers). */
public enum LeaseState {
    /** Held by the client until {@code expires}. */
    BOUND,
    /** Given back by DHCPRELEASE; free, but remembered so the client gets it again. */
    RELEASED,
    /** Ran out; free, remembered like RELEASED. */
    EXPIRED,
    /** A client said someone else uses it (DHCPDECLINE) or a probe was answered; held back until {@code expires}. */
    DECLINED
}
