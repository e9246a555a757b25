package gateway.smtp.spool;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Progress of one message, kept beside it in the spool.
 *
 * @param attempts delivery attempts made so far
 * @param nextAttempt when to try again
 * @param finished recipients that need no more attempts (delivered, or failed permanently and bounced)
 * @param lastError the last failure as one line, empty if none
 */
public record DeliveryState(int attempts, Instant nextAttempt, Set<String> finished, String lastError) {

    public DeliveryState {
        Objects.requireNonNull(nextAttempt, "nextAttempt");
        finished = Set.copyOf(Objects.requireNonNull(finished, "finished"));
        lastError = oneLine(lastError == null ? "" : lastError);
        if (attempts < 0) {
            throw new IllegalArgumentException("negative attempts");
        }
    }

    public static DeliveryState fresh(Instant now) {
        return new DeliveryState(0, now, Set.of(), "");
    }

    public DeliveryState withNextAttempt(Instant when) {
        return new DeliveryState(attempts, when, finished, lastError);
    }

    /** Errors come from remote servers; keep them printable and short. */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 400));
        for (int i = 0; i < s.length() && b.length() < 400; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return b.toString().trim();
    }
}
