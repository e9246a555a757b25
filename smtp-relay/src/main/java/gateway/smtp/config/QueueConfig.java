package gateway.smtp.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Delivery queue knobs.
 *
 * @param retrySchedule delays between attempts; after the last one the last delay repeats
 * @param maxLifetime after this age a message that still has undelivered recipients is bounced
 * @param concurrency number of parallel upstream connections
 * @param postmaster where bounces of mail with a null sender go; empty drops them (logged)
 * @param idleClose how long an idle authenticated upstream connection is kept for reuse
 */
public record QueueConfig(List<Duration> retrySchedule, Duration maxLifetime, int concurrency, String postmaster,
                          Duration idleClose) {

    public QueueConfig {
        retrySchedule = List.copyOf(Objects.requireNonNull(retrySchedule, "retrySchedule"));
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        Objects.requireNonNull(idleClose, "idleClose");
        postmaster = postmaster == null ? "" : postmaster.trim();
        if (retrySchedule.isEmpty()) {
            throw new IllegalArgumentException("retrySchedule needs at least one delay");
        }
        for (Duration d : retrySchedule) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("retry delays must be positive: " + d);
            }
        }
        if (maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("maxLifetime must be positive");
        }
        if (concurrency < 1 || concurrency > 64) {
            throw new IllegalArgumentException("concurrency must be 1..64: " + concurrency);
        }
    }

    /** 1, 2, 4, 8, 16, 32 minutes then every hour; five days like Postfix's maximal_queue_lifetime. */
    public static QueueConfig defaults() {
        return new QueueConfig(List.of(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(8), Duration.ofMinutes(16), Duration.ofMinutes(32), Duration.ofHours(1)),
                Duration.ofDays(5), 2, "", Duration.ofSeconds(30));
    }
}
