package gateway.dhcp.codec;

/** DHCP message types, option 53 (RFC 2132 section 9.6). */
public enum MessageType {
    DISCOVER(1), OFFER(2), REQUEST(3), DECLINE(4), ACK(5), NAK(6), RELEASE(7), INFORM(8);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Returns the type for a wire code, or null for codes this server does not speak (9-18 are lease query etc.). */
    public static MessageType of(int code) {
        return code >= 1 && code <= 8 ? values()[code - 1] : null;
    }
}
