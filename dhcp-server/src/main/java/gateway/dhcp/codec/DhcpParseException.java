package gateway.dhcp.codec;

/** A datagram that is not a usable DHCP message; the server drops it and counts {@link #reason()}. */
public final class DhcpParseException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a datagram was refused; one counter per value. */
    public enum Reason {
        TRUNCATED, OVERSIZED, BAD_OP, BAD_HTYPE, BAD_HLEN, MISSING_MAGIC_COOKIE,
        BAD_OPTION_LENGTH, MISSING_END_OPTION, BAD_OVERLOAD, MISSING_MESSAGE_TYPE, UNKNOWN_MESSAGE_TYPE
    }

    private final Reason reason;

    public DhcpParseException(Reason reason, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
