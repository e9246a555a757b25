package gateway.smtp.delivery;

import gateway.smtp.config.QueueConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When to try a deferred message again, and when to give up. Pure: the caller passes the times.
 * RFC 5321 section 4.5.4.1 asks for at least 30 minutes between retries in general and a give-up time of
 * at least 4-5 days; a LAN relay retries sooner at first (the relayhost is one known server) and backs off.
 */
public final class RetrySchedule {
    private final List<Duration> delays;
    private final Duration maxLifetime;

    public RetrySchedule(QueueConfig cfg) {
        this(cfg.retrySchedule(), cfg.maxLifetime());
    }

    public RetrySchedule(List<Duration> delays, Duration maxLifetime) {
        this.delays = List.copyOf(delays);
        this.maxLifetime = maxLifetime;
    }

    /** What to do after a failed attempt. */
    public sealed interface Decision {
    }

    public record RetryAt(Instant when) implements Decision {
    }

    public record GiveUp(Duration age) implements Decision {
    }

    /**
     * @param attemptsMade attempts so far, including the one that just failed (at least 1)
     * @param receivedAt when the message was accepted
     * @param now the current time
     */
    public Decision afterFailure(int attemptsMade, Instant receivedAt, Instant now) {
        Duration age = Duration.between(receivedAt, now);
        if (age.compareTo(maxLifetime) >= 0) {
            return new GiveUp(age);
        }
        Duration d = delays.get(Math.min(Math.max(attemptsMade, 1), delays.size()) - 1);
        Instant next = now.plus(d);
        Instant deadline = receivedAt.plus(maxLifetime);
        // One last attempt exactly at the end of the lifetime rather than a retry after it.
        return new RetryAt(next.isAfter(deadline) ? deadline : next);
    }
}
