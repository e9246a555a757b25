package gateway.smtp.delivery;

import java.time.Instant;
import java.util.List;

/**
 * One line of {@code mailq}.
 *
 * @param id queue id
 * @param sender envelope sender (empty for the null sender)
 * @param receivedAt acceptance time
 * @param size content size in bytes
 * @param pending recipients not yet delivered
 * @param attempts attempts so far
 * @param nextAttempt next scheduled attempt
 * @param lastError last failure, empty if none
 */
public record QueueEntry(String id, String sender, Instant receivedAt, long size, List<String> pending,
                         int attempts, Instant nextAttempt, String lastError) {
    public QueueEntry {
        pending = List.copyOf(pending);
    }
}
