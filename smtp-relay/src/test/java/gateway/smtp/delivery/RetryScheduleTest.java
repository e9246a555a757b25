package gateway.smtp.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Backoff table (RFC 5321 4.5.4.1: retry with backoff, give up after days). */
class RetryScheduleTest {
    final RetrySchedule schedule = new RetrySchedule(
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30)), Duration.ofHours(5));
    final Instant received = Instant.parse("2026-11-27T00:00:00Z");

    @ParameterizedTest(name = "attempt {0} at +{1}min -> {2}")
    @CsvSource({
        "1, 0,   RETRY +1",      // first delay of the schedule
        "2, 1,   RETRY +5",
        "3, 6,   RETRY +30",
        "9, 100, RETRY +30",     // the last delay repeats
        "0, 0,   RETRY +1",      // defensive: zero attempts uses the first delay
        "9, 290, RETRY =300",    // not past the lifetime: one last try exactly at its end
        "9, 300, GIVEUP",        // lifetime reached
        "9, 999, GIVEUP",
    })
    void table(int attempts, int minutesSinceReceipt, String expected) {
        Instant now = received.plus(Duration.ofMinutes(minutesSinceReceipt));
        RetrySchedule.Decision d = schedule.afterFailure(attempts, received, now);
        if (expected.equals("GIVEUP")) {
            assertThat(d).isInstanceOf(RetrySchedule.GiveUp.class);
        } else if (expected.startsWith("RETRY +")) {
            int plus = Integer.parseInt(expected.substring(7));
            assertThat(d).isEqualTo(new RetrySchedule.RetryAt(now.plus(Duration.ofMinutes(plus))));
        } else {
            int at = Integer.parseInt(expected.substring(7));
            assertThat(d).isEqualTo(new RetrySchedule.RetryAt(received.plus(Duration.ofMinutes(at))));
        }
    }
}
