package gateway.dns.upstream;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Health of the upstreams, from the outcome of real queries (no probes). After
 * {@code failureThreshold} consecutive failures a server is "down" for {@code backoff}: it
 * moves to the end of the order, so queries stop paying its timeout first. It is still tried
 * as a last resort, and one success makes it healthy again.
 */
public final class UpstreamHealth {

  private record State(int consecutiveFailures, long downUntilMillis) {}

  private final Clock clock;
  private final int failureThreshold;
  private final Duration backoff;
  private final Map<InetSocketAddress, State> states = new ConcurrentHashMap<>();

  public UpstreamHealth(Clock clock, int failureThreshold, Duration backoff) {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be >= 1");
    }
    this.clock = clock;
    this.failureThreshold = failureThreshold;
    this.backoff = backoff;
  }

  /** Healthy servers in configured order, then down servers, soonest-back first. */
  public List<InetSocketAddress> order(List<InetSocketAddress> servers) {
    long now = clock.millis();
    List<InetSocketAddress> up = new ArrayList<>();
    List<InetSocketAddress> down = new ArrayList<>();
    for (InetSocketAddress s : servers) {
      (isDown(s, now) ? down : up).add(s);
    }
    down.sort(Comparator.comparingLong(s -> states.get(s).downUntilMillis()));
    up.addAll(down);
    return up;
  }

  /** True while {@code server} is backed off. */
  public boolean isDown(InetSocketAddress server) {
    return isDown(server, clock.millis());
  }

  private boolean isDown(InetSocketAddress server, long now) {
    State s = states.get(server);
    return s != null && s.downUntilMillis() > now;
  }

  /** Records a good answer. */
  public void success(InetSocketAddress server) {
    states.remove(server);
  }

  /** Records a failed attempt. */
  public void failure(InetSocketAddress server) {
    long now = clock.millis();
    states.compute(server, (k, old) -> {
      int n = old == null ? 1 : old.consecutiveFailures() + 1;
      long until = n >= failureThreshold ? now + backoff.toMillis()
          : old == null ? 0 : old.downUntilMillis();
      return new State(n, until);
    });
  }
}
