package gateway.smtp.policy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Adds the header fields RFC 5322 section 3.6 wants in every message when a LAN client left them out
 * (cron and printers often do): {@code Date} (required) and {@code Message-ID} (should be present).
 * Submission servers add them too (RFC 6409 section 8).
 */
public final class HeaderCompletion {
    private static final DateTimeFormatter RFC5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private final Clock clock;
    private final String domain;
    private final Supplier<String> uniquePart;

    /**
     * @param clock for the Date field
     * @param domain right-hand side of generated Message-IDs
     * @param uniquePart unique left-hand side for each Message-ID (the queue id does)
     */
    public HeaderCompletion(Clock clock, String domain, Supplier<String> uniquePart) {
        this.clock = clock;
        this.domain = domain;
        this.uniquePart = uniquePart;
    }

    /** Tracks which fields one message's header section has. */
    public final class Tracker {
        private boolean hasDate;
        private boolean hasMessageId;

        /** Looks at one header line (including continuation lines, which never match). */
        public void headerLine(byte[] line, int len) {
            hasDate |= startsWithIgnoreCase(line, len, "date:");
            hasMessageId |= startsWithIgnoreCase(line, len, "message-id:");
        }

        /** The lines to add at the end of the header section, CRLF-terminated; empty if nothing is missing. */
        public byte[] missing() {
            StringBuilder b = new StringBuilder();
            if (!hasDate) {
                b.append("Date: ").append(RFC5322.format(ZonedDateTime.now(clock))).append("\r\n");
            }
            if (!hasMessageId) {
                b.append("Message-ID: <").append(uniquePart.get()).append('@').append(domain).append(">\r\n");
            }
            return b.toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    public Tracker tracker() {
        return new Tracker();
    }

    private static boolean startsWithIgnoreCase(byte[] line, int len, String prefix) {
        if (len < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.toLowerCase((char) (line[i] & 0xff)) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
