package gateway.smtp.spool;

/**
 * The body type a client declared with {@code MAIL FROM:<...> BODY=} (RFC 6152 section 2), kept in the envelope so
 * that it can be passed upstream as given.
 */
public enum BodyType {
    /** No BODY parameter was given. */
    UNSPECIFIED(""),
    /** {@code BODY=7BIT}. */
    SEVEN_BIT("7BIT"),
    /** {@code BODY=8BITMIME}. */
    EIGHT_BIT_MIME("8BITMIME");

    private final String keyword;

    BodyType(String keyword) {
        this.keyword = keyword;
    }

    /** The value as written in the BODY parameter; empty for {@link #UNSPECIFIED}. */
    public String keyword() {
        return keyword;
    }

    /** The type for a BODY value (case-insensitive, RFC 5321 section 2.4), or null if it is not one. */
    public static BodyType ofKeyword(String value) {
        for (BodyType t : values()) {
            if (t != UNSPECIFIED && t.keyword.equalsIgnoreCase(value)) {
                return t;
            }
        }
        return null;
    }
}
