package gateway.smtp.policy;

/**
 * Why message data was refused, with the SMTP reply that says so.
 *
 * @param code basic reply code (RFC 5321 section 4.2)
 * @param text enhanced status code (RFC 3463) and text
 */
public record DataViolation(int code, String text) {

    /** RFC 5321 section 2.3.8: CR and LF only as CRLF; bare ones are what SMTP smuggling exploits. */
    public static final DataViolation BARE_LF =
            new DataViolation(554, "5.6.11 bare <LF> in message data: lines must end with <CR><LF> (RFC 5321 2.3.8)");
    public static final DataViolation BARE_CR =
            new DataViolation(554, "5.6.11 bare <CR> in message data: lines must end with <CR><LF> (RFC 5321 2.3.8)");
    /** RFC 5321 section 4.5.3.1.6: a text line is at most 1000 octets including CRLF. */
    public static final DataViolation LINE_TOO_LONG =
            new DataViolation(554, "5.6.0 message line longer than 998 characters (RFC 5321 4.5.3.1.6)");
    /** RFC 1870 section 6.3 / RFC 5321 section 4.5.3.1.10. */
    public static final DataViolation TOO_BIG =
            new DataViolation(552, "5.3.4 message size exceeds fixed maximum message size");
}
