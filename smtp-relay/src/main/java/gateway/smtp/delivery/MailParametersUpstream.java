package gateway.smtp.delivery;

import gateway.smtp.spool.BodyType;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides what MAIL FROM parameters a message is sent with, given what its client declared and what the relayhost
 * offers, the way Postfix's SMTP client does:
 * <ul>
 *   <li>SMTPUTF8 (RFC 6531) when the client declared it, or an address or the header section is not ASCII. A
 *       server without SMTPUTF8 still gets the message when nothing in it needs the extension (a declaration
 *       without need), else it is returned: {@code 5.6.7}.</li>
 *   <li>BODY=8BITMIME (RFC 6152) when declared or when the content has 8-bit octets; BODY=7BIT passed through as
 *       given. A server without 8BITMIME gets 8-bit content converted to quoted-printable
 *       ({@link SevenBitConverter}) where that is safe, else the message is returned: {@code 5.6.3}.</li>
 * </ul>
 * Pure: no I/O, so it is tested with a table.
 */
final class MailParametersUpstream {

    /** What to send, or why not. */
    sealed interface Plan permits Send, Refuse {
    }

    /**
     * @param extensions the parameters for MAIL FROM, e.g. {@code BODY=8BITMIME SMTPUTF8}
     * @param content the content to send (converted to 7 bit if needed)
     */
    record Send(List<String> extensions, byte[] content) implements Plan {
    }

    /** A permanent failure: this server cannot take this message. */
    record Refuse(String reason) implements Plan {
    }

    /** What the relayhost said in its EHLO reply. */
    record Offers(boolean eightBitMime, boolean smtpUtf8) {
    }

    private MailParametersUpstream() {
    }

    static Plan plan(BodyType declaredBody, boolean declaredUtf8, String sender, List<String> recipients,
                     byte[] content, Offers server, String host) {
        boolean nonAsciiAddress = !isAscii(sender) || !recipients.stream().allMatch(MailParametersUpstream::isAscii);
        boolean headers8bit = headersAre8bit(content);
        boolean content8bit = is8bit(content);
        List<String> ext = new ArrayList<>();
        if (server.smtpUtf8()) {
            if (declaredUtf8 || nonAsciiAddress || headers8bit) {
                ext.add("SMTPUTF8");
            }
        } else if (nonAsciiAddress || (declaredUtf8 && headers8bit)) {
            return new Refuse("553 5.6.7 SMTPUTF8 is required, but was not offered by host " + host
                    + (nonAsciiAddress ? " (non-ASCII address)" : " (UTF-8 header section)"));
        }
        byte[] out = content;
        if (server.eightBitMime()) {
            if (content8bit || declaredBody == BodyType.EIGHT_BIT_MIME) {
                ext.add(0, "BODY=8BITMIME");
            } else if (declaredBody == BodyType.SEVEN_BIT) {
                ext.add(0, "BODY=7BIT");
            }
        } else if (content8bit && !ext.contains("SMTPUTF8")) {
            // (an SMTPUTF8 server supports 8BITMIME, RFC 6531 section 3.1 item 8, even if it does not say so)
            try {
                out = SevenBitConverter.convert(content);
            } catch (SevenBitConverter.NotConvertible e) {
                return new Refuse("554 5.6.3 8-bit message cannot be converted to 7 bit (" + e.getMessage()
                        + ") and host " + host + " does not offer 8BITMIME");
            }
        }
        return new Send(List.copyOf(ext), out);
    }

    /** Whether the header section has 8-bit octets (UTF-8 headers, RFC 6532). */
    static boolean headersAre8bit(byte[] content) {
        for (int i = 0; i < content.length; i++) {
            if (content[i] < 0) {
                return true;
            }
            if (content[i] == '\n' && i + 2 < content.length && content[i + 1] == '\r' && content[i + 2] == '\n') {
                return false;
            }
        }
        return false;
    }

    static boolean is8bit(byte[] content) {
        for (byte b : content) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }
}
