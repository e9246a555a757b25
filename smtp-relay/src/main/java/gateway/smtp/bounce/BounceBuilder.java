package gateway.smtp.bounce;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a non-delivery report: a {@code multipart/report; report-type=delivery-status} message (RFC 6522)
 * with a human-readable part, the {@code message/delivery-status} part of RFC 3464 section 2, and the
 * original header section ({@code text/rfc822-headers}). Pure apart from the injected clock.
 */
public final class BounceBuilder {
    private static final DateTimeFormatter RFC5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);
    private static final Pattern ENHANCED = Pattern.compile("\\b([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    private final Clock clock;
    private final String reportingMta;

    public BounceBuilder(Clock clock, String reportingMta) {
        this.clock = clock;
        this.reportingMta = reportingMta;
    }

    /**
     * One failed recipient.
     *
     * @param recipient envelope recipient
     * @param diagnostic the remote reply or our reason
     * @param expired true if the message outlived the queue lifetime (status 4.4.7, RFC 3463)
     */
    public record Failure(String recipient, String diagnostic, boolean expired) {
    }

    /**
     * @param queueId id of the failed message (used for the bounce's Message-ID)
     * @param to where the report goes
     * @param arrival when the original was accepted
     * @param originalContent the original message (only its header section is returned)
     */
    public byte[] build(String queueId, String to, Instant arrival, byte[] originalContent, List<Failure> failures) {
        String boundary = "=_bounce_" + queueId;
        StringBuilder b = new StringBuilder();
        b.append("From: Mail Delivery System <MAILER-DAEMON@").append(reportingMta).append(">\r\n");
        b.append("To: <").append(to).append(">\r\n");
        b.append("Subject: Undelivered Mail Returned to Sender\r\n");
        b.append("Date: ").append(date(clock.instant())).append("\r\n");
        b.append("Message-ID: <").append(queueId).append(".bounce@").append(reportingMta).append(">\r\n");
        b.append("Auto-Submitted: auto-replied\r\n"); // RFC 3834 section 5
        b.append("MIME-Version: 1.0\r\n");
        b.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"")
                .append(boundary).append("\"\r\n\r\n");
        b.append("--").append(boundary).append("\r\n");
        b.append("Content-Type: text/plain; charset=utf-8\r\n\r\n");
        b.append("This is the mail relay at ").append(reportingMta).append(".\r\n\r\n");
        b.append("Your message could not be delivered to the following recipients:\r\n\r\n");
        for (Failure f : failures) {
            b.append("<").append(f.recipient()).append(">: ")
                    .append(f.expired() ? "delivery time expired; last error: " : "").append(f.diagnostic())
                    .append("\r\n");
        }
        b.append("\r\n--").append(boundary).append("\r\n");
        b.append("Content-Type: message/delivery-status\r\n\r\n");
        b.append("Reporting-MTA: dns; ").append(reportingMta).append("\r\n");
        b.append("X-Queue-ID: ").append(queueId).append("\r\n");
        b.append("Arrival-Date: ").append(date(arrival)).append("\r\n");
        for (Failure f : failures) {
            b.append("\r\n");
            b.append("Final-Recipient: ").append(finalRecipient(f.recipient())).append("\r\n");
            b.append("Action: failed\r\n");
            b.append("Status: ").append(status(f)).append("\r\n");
            if (!f.diagnostic().isEmpty()) {
                b.append("Diagnostic-Code: smtp; ").append(escapeNonAscii(f.diagnostic(), false)).append("\r\n");
            }
        }
        b.append("\r\n--").append(boundary).append("\r\n");
        b.append("Content-Type: text/rfc822-headers\r\n\r\n");
        byte[] head = b.toString().getBytes(StandardCharsets.UTF_8);
        byte[] orig = headerSection(originalContent);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + orig.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(orig, 0, out, head.length, orig.length);
        System.arraycopy(tail, 0, out, head.length + orig.length, tail.length);
        return out;
    }

    /**
     * message/delivery-status is 7 bit (RFC 3464 section 2.1): a non-ASCII address is written as utf-8-addr-xtext
     * (RFC 6533 section 3), so the report can travel to a server without 8BITMIME or SMTPUTF8.
     */
    static String finalRecipient(String address) {
        return address.chars().allMatch(c -> c < 0x80) ? "rfc822; " + address
                : "utf-8; " + escapeNonAscii(address, true);
    }

    /** RFC 6533 EmbeddedUnicodeChar {@code \x{HEX}} for non-ASCII (and, in xtext, for '+', '=', '\'). */
    static String escapeNonAscii(String s, boolean xtext) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> {
            boolean special = xtext && (c == '+' || c == '=' || c == '\\' || c <= 0x20);
            if (c >= 0x7f || special) {
                b.append("\\x{").append(Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)).append('}');
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    /** RFC 3464 section 2.3.4: the enhanced code from the reply if it has one, else a generic one. */
    static String status(Failure f) {
        if (f.expired()) {
            return "4.4.7";
        }
        Matcher m = ENHANCED.matcher(f.diagnostic());
        if (m.find() && m.group(1).startsWith("5")) {
            return m.group(1);
        }
        return "5.0.0";
    }

    /** The original's header section up to (not including) the empty line. */
    static byte[] headerSection(byte[] content) {
        for (int i = 0; i + 3 < content.length; i++) {
            if (content[i] == '\r' && content[i + 1] == '\n' && content[i + 2] == '\r' && content[i + 3] == '\n') {
                return java.util.Arrays.copyOf(content, i + 2);
            }
        }
        return content;
    }

    private String date(Instant t) {
        return RFC5322.format(ZonedDateTime.ofInstant(t, clock.getZone()));
    }
}
