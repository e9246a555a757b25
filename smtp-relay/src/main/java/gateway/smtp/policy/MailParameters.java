package gateway.smtp.policy;

import gateway.smtp.spool.BodyType;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The ESMTP parameters of one {@code MAIL FROM} command (RFC 5321 section 4.1.2, {@code Mail-parameters}), limited
 * to the extensions this relay advertises: SIZE (RFC 1870), BODY (RFC 6152), SMTPUTF8 (RFC 6531) and the AUTH
 * parameter of RFC 4954 section 5 (accepted and not used). Anything else was not advertised and is refused with
 * 555 (RFC 5321 section 4.1.1.11), as are DSN's RET and ENVID (RFC 3461): DSN is not offered.
 *
 * @param body the declared body type
 * @param smtpUtf8 whether SMTPUTF8 was given
 * @param size the declared size in bytes, 0 if not given
 */
public record MailParameters(BodyType body, boolean smtpUtf8, long size) {
    public static final MailParameters NONE = new MailParameters(BodyType.UNSPECIFIED, false, 0);

    /** A parameter that is malformed or not supported, with the reply that refuses it. */
    public static final class Refused extends Exception {
        private final DataViolation violation;

        Refused(int code, String text) {
            super(text, null, false, false);
            this.violation = new DataViolation(code, text);
        }

        public DataViolation violation() {
            return violation;
        }
    }

    /**
     * Parses what follows the reverse-path: parameters separated by spaces, each {@code keyword[=value]}; keywords
     * are case-insensitive, and each may appear once.
     */
    public static MailParameters parse(String text) throws Refused {
        BodyType body = BodyType.UNSPECIFIED;
        boolean utf8 = false;
        long size = 0;
        Set<String> seen = new HashSet<>();
        for (String p : text.split(" ")) { // one-char split: no regex per command
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String key = (eq < 0 ? p : p.substring(0, eq)).toUpperCase(Locale.ROOT);
            String value = eq < 0 ? null : p.substring(eq + 1);
            if (!seen.add(key)) {
                throw new Refused(501, "5.5.4 parameter " + key + " given twice");
            }
            switch (key) {
                case "SIZE" -> size = size(value);
                case "BODY" -> {
                    body = value == null ? null : BodyType.ofKeyword(value);
                    if (body == null) {
                        throw new Refused(501, "5.5.4 BODY must be 7BIT or 8BITMIME (RFC 6152)");
                    }
                }
                case "SMTPUTF8" -> {
                    if (value != null) {
                        throw new Refused(501, "5.5.4 SMTPUTF8 takes no value (RFC 6531 3.4)");
                    }
                    utf8 = true;
                }
                case "AUTH" -> {
                    if (value == null || value.isEmpty()) {
                        throw new Refused(501, "5.5.4 AUTH= needs a value (RFC 4954 5)");
                    }
                }
                default -> throw new Refused(555, "5.5.4 unsupported MAIL parameter " + printable(key));
            }
        }
        return new MailParameters(body, utf8, size);
    }

    private static long size(String value) throws Refused {
        if (value == null || value.isEmpty() || value.length() > 18
                || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Refused(501, "5.5.4 SIZE must be a number of octets (RFC 1870)");
        }
        return Long.parseLong(value);
    }

    private static String printable(String key) {
        String k = key.length() > 40 ? key.substring(0, 40) + "..." : key;
        StringBuilder b = new StringBuilder();
        for (char c : k.toCharArray()) {
            b.append(c >= 0x21 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
