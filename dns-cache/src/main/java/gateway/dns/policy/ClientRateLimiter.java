package gateway.dns.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;

/**
 * Per-client token bucket: {@code perSecond} queries a second on average, bursts up to
 * {@code burst}. Over the limit the query is dropped without an answer (as unbound's
 * ip-ratelimit does): answering would still hand a spoofed source the traffic. Buckets of
 * clients not seen for a minute are forgotten, and at most 10,000 are kept, so a flood of
 * spoofed sources cannot grow memory without bound. Time comes from the injected clock.
 */
public final class ClientRateLimiter {

  private static final class Bucket {
    private double tokens;
    private long lastMillis;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.lastMillis = now;
    }
  }

  private final double perSecond;
  private final double burst;
  private final Clock clock;
  private final Cache<InetAddress, Bucket> buckets;

  public ClientRateLimiter(int perSecond, int burst, Clock clock) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("need perSecond > 0 and burst >= 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.clock = clock;
    this.buckets = Caffeine.newBuilder().maximumSize(10_000)
        .expireAfterAccess(Duration.ofMinutes(1))
        .ticker(() -> clock.millis() * 1_000_000L)
        .executor(Runnable::run)
        .build();
  }

  /** True when {@code client} may send this query; takes one token if so. */
  public boolean allow(InetAddress client) {
    long now = clock.millis();
    Bucket b = buckets.get(client, k -> new Bucket(burst, now));
    synchronized (b) {
      long elapsed = Math.max(0, now - b.lastMillis);
      b.tokens = Math.min(burst, b.tokens + elapsed * perSecond / 1000.0);
      b.lastMillis = Math.max(b.lastMillis, now); // a clock going back adds no tokens later
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
