package gateway.smtp.spool;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The SMTP envelope of one accepted message (RFC 5321 section 2.3.1).
 *
 * @param sender reverse-path without angle brackets; empty for the null sender {@code <>}
 * @param recipients forward-paths in the order given, at least one
 * @param receivedAt when the message was accepted
 * @param client the client's address as text
 * @param helo the name the client gave in HELO/EHLO, or empty
 * @param body the BODY parameter of MAIL (RFC 6152), {@link BodyType#UNSPECIFIED} if none
 * @param smtpUtf8 whether MAIL carried the SMTPUTF8 parameter (RFC 6531 section 3.4)
 */
public record Envelope(String sender, List<String> recipients, Instant receivedAt, String client, String helo,
                       BodyType body, boolean smtpUtf8) {

    /** An envelope without MAIL parameters (bounces, and spool files written before they were recorded). */
    public Envelope(String sender, List<String> recipients, Instant receivedAt, String client, String helo) {
        this(sender, recipients, receivedAt, client, helo, BodyType.UNSPECIFIED, false);
    }

    public Envelope {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(sender, "sender");
        recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
        Objects.requireNonNull(receivedAt, "receivedAt");
        client = client == null ? "" : client;
        helo = helo == null ? "" : helo;
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
        checkLine(sender);
        recipients.forEach(Envelope::checkLine);
        checkLine(client);
        checkLine(helo);
    }

    /** Envelope values are stored one per line, so they can never hold a line break. */
    private static void checkLine(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < 0x20 || value.charAt(i) == 0x7f) {
                throw new IllegalArgumentException("control character in envelope value");
            }
        }
    }
}
