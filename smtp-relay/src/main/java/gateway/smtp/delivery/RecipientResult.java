package gateway.smtp.delivery;

import java.util.Objects;

/**
 * What the relayhost said about one recipient.
 *
 * @param recipient the envelope recipient
 * @param status delivered, temporary (retry) or permanent (bounce) failure
 * @param reply the server's reply or our error text, one line
 */
public record RecipientResult(String recipient, Status status, String reply) {

    public enum Status {
        DELIVERED, TEMPORARY, PERMANENT;

        /** RFC 5321 section 4.2.1: 2yz success, 4yz transient, 5yz permanent; anything else is treated as transient. */
        public static Status ofReplyCode(int code) {
            if (code >= 200 && code < 300) {
                return DELIVERED;
            }
            return code >= 500 && code < 600 ? PERMANENT : TEMPORARY;
        }
    }

    public RecipientResult {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(status, "status");
        reply = reply == null ? "" : reply.replaceAll("[\\r\\n]+", " ").trim();
    }
}
