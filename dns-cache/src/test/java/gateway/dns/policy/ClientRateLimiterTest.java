package gateway.dns.policy;

import static gateway.dns.testutil.Dns.ip;
import static org.assertj.core.api.Assertions.assertThat;

import gateway.dns.testutil.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {

  private final MutableClock clock = new MutableClock(0);
  private final ClientRateLimiter limiter = new ClientRateLimiter(10, 20, clock);

  @Test
  void burstThenDropThenRefillAtTheRate() {
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.allow(ip("192.0.2.50"))).as("query %d of the burst", i).isTrue();
    }
    assertThat(limiter.allow(ip("192.0.2.50"))).isFalse();
    clock.advance(Duration.ofMillis(100)); // 10/s: one token per 100 ms
    assertThat(limiter.allow(ip("192.0.2.50"))).isTrue();
    assertThat(limiter.allow(ip("192.0.2.50"))).isFalse();
    clock.advance(Duration.ofSeconds(60));
    int allowed = 0;
    while (limiter.allow(ip("192.0.2.50"))) {
      allowed++;
    }
    assertThat(allowed).as("never more than the burst").isEqualTo(20);
  }

  @Test
  void clientsHaveTheirOwnBuckets() {
    for (int i = 0; i < 20; i++) {
      limiter.allow(ip("192.0.2.50"));
    }
    assertThat(limiter.allow(ip("192.0.2.50"))).isFalse();
    assertThat(limiter.allow(ip("192.0.2.51"))).isTrue();
  }

  @Test
  void clockGoingBackwardsAddsNoTokens() {
    for (int i = 0; i < 20; i++) {
      limiter.allow(ip("192.0.2.50"));
    }
    clock.advance(Duration.ofSeconds(-5));
    assertThat(limiter.allow(ip("192.0.2.50"))).isFalse();
  }
}
