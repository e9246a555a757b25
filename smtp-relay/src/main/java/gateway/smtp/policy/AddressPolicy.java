package gateway.smtp.policy;

/**
 * Checks envelope addresses as SubEthaSMTP hands them over (without angle brackets).
 * Returns null when acceptable, else the reply that refuses it.
 */
public final class AddressPolicy {
    /** RFC 5321 section 4.5.3.1.3: a path is at most 256 octets including the brackets. */
    static final int MAX_PATH = 254;

    private AddressPolicy() {
    }

    /** MAIL FROM: the null sender (empty) is fine (RFC 5321 section 4.5.5). */
    public static DataViolation sender(String address) {
        if (address == null) {
            return new DataViolation(501, "5.1.7 bad sender address syntax");
        }
        return address.isEmpty() ? null : common(address, "5.1.7", "sender");
    }

    /** RCPT TO: a mailbox with a domain, or the special "postmaster" (RFC 5321 section 4.5.1). */
    public static DataViolation recipient(String address) {
        if (address == null || address.isEmpty()) {
            return new DataViolation(501, "5.1.3 bad recipient address syntax");
        }
        if (address.equalsIgnoreCase("postmaster")) {
            return null;
        }
        return common(address, "5.1.3", "recipient");
    }

    private static DataViolation common(String address, String status, String what) {
        if (address.length() > MAX_PATH) {
            return new DataViolation(501, status + " " + what + " address too long (RFC 5321 4.5.3.1.3)");
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return new DataViolation(501, status + " " + what + " address must be local@domain");
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '<' || c == '>') {
                return new DataViolation(501, status + " invalid character in " + what + " address");
            }
        }
        return null;
    }
}
