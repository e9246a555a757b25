package gateway.dhcp.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void oneClientInALoopIsCutOffAfterItsBurstAndRefills() {
        RateLimiter r = new RateLimiter(clock, 60, 1000, 100); // burst 10, one per second
        ClientKey k = ClientKey.ofMac("02:00:00:00:00:01");
        int allowed = 0;
        for (int i = 0; i < 50; i++) {
            allowed += r.tryAcquire(k) ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(10);
        assertThat(r.tryAcquire(ClientKey.ofMac("02:00:00:00:00:02"))).as("others unaffected").isTrue();
        clock.advance(Duration.ofSeconds(3));
        assertThat(r.tryAcquire(k)).isTrue();
        assertThat(r.tryAcquire(k)).isTrue();
        assertThat(r.tryAcquire(k)).isTrue();
        assertThat(r.tryAcquire(k)).isFalse();
    }

    @Test
    void aFloodOfDistinctMacsIsCappedOverall() {
        RateLimiter r = new RateLimiter(clock, 60, 20, 1000);
        int allowed = 0;
        for (int i = 0; i < 500; i++) {
            allowed += r.tryAcquire(ClientKey.ofMac(String.format("02:00:00:00:%02x:%02x", i / 256, i % 256))) ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(20);
        clock.advance(Duration.ofSeconds(1));
        assertThat(r.tryAcquire(ClientKey.ofMac("02:00:00:00:ff:ff"))).isTrue();
    }
}
