package gateway.smtp.delivery;

import java.util.List;

/** Outcome of one delivery attempt of one message. */
public sealed interface AttemptResult {

    /** The server answered for each recipient (some may still have failed). */
    record PerRecipient(List<RecipientResult> results) implements AttemptResult {
        public PerRecipient {
            results = List.copyOf(results);
        }
    }

    /**
     * No recipient got an answer: connection, TLS, STARTTLS missing, AUTH, or a failure before RCPT.
     *
     * @param error what went wrong, one line, without secrets
     * @param permanent true for a 5xx to MAIL FROM (the sender is refused); connection-level problems are never
     *     permanent, the mail is held until its lifetime ends
     */
    record Failed(String error, boolean permanent) implements AttemptResult {
    }
}
