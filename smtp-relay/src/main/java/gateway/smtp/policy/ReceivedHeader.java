package gateway.smtp.policy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The trace field this relay puts in front of a message (RFC 5321 section 4.4), with the protocol named as in
 * RFC 3848 / RFC 6531 ({@code ESMTP}, {@code ESMTPS}, {@code ESMTPSA}, {@code UTF8SMTPS}...). Written in UTF-8:
 * a non-ASCII recipient in the {@code for} clause is kept (RFC 6532), where SubEthaSMTP's own header turned it into
 * question marks. No reverse DNS lookup per message: the client is named by its HELO and its address literal.
 */
public final class ReceivedHeader {
    private static final DateTimeFormatter RFC5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    /** How the client talked to us. */
    public record Protocol(boolean ehlo, boolean tls, boolean authenticated, boolean smtpUtf8) {

        /** The "with" keyword of the IANA mail transmission types registry. */
        public String keyword() {
            String base = smtpUtf8 ? "UTF8SMTP" : ehlo ? "ESMTP" : "SMTP";
            if (!ehlo && !smtpUtf8) {
                return base; // plain SMTP has no S/A variants
            }
            return base + (tls ? "S" : "") + (authenticated ? "A" : "");
        }
    }

    private ReceivedHeader() {
    }

    /**
     * @param helo what the client said in HELO/EHLO (empty if nothing)
     * @param clientAddress the client's IP address as text
     * @param byHost our host name
     * @param id the queue or session id
     * @param singleRecipient the recipient when there is exactly one, else null (RFC 5321 4.4: "for" only then)
     */
    public static byte[] build(String helo, String clientAddress, String byHost, Protocol protocol, String id,
                               String singleRecipient, Instant when, ZoneId zone) {
        String literal = clientAddress.contains(":") ? "[IPv6:" + clientAddress + "]" : "[" + clientAddress + "]";
        StringBuilder b = new StringBuilder(200);
        b.append("Received: from ").append(helo.isEmpty() ? literal : oneToken(helo))
                .append(" (").append(literal).append(")\r\n");
        b.append("\tby ").append(byHost).append(" (gateway-smtp-relay) with ").append(protocol.keyword())
                .append(" id ").append(id);
        if (singleRecipient != null) {
            b.append("\r\n\tfor <").append(singleRecipient).append('>');
        }
        b.append(";\r\n\t").append(RFC5322.format(ZonedDateTime.ofInstant(when, zone))).append("\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A HELO argument comes from the client: one token, printable, so it cannot add lines or fields. */
    private static String oneToken(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 255));
        for (int i = 0; i < s.length() && b.length() < 255; i++) {
            char c = s.charAt(i);
            b.append(c > 0x20 && c != 0x7f && c != '(' && c != ')' ? c : '?');
        }
        return b.toString();
    }
}
