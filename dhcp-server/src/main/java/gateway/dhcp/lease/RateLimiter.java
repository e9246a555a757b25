package gateway.dhcp.lease;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets per client and for everyone together, so that a starvation flood (many MACs, or
 * one client in a loop) cannot empty the pool in seconds. Remembers at most {@code maxClients}
 * clients (least recently seen forgotten first), so the flood cannot fill memory either.
 */
public final class RateLimiter {
    private final Clock clock;
    private final double perClientPerNano;
    private final double perClientBurst;
    private final double globalPerNano;
    private final double globalBurst;
    private final Map<ClientKey, Bucket> clients;
    private final Bucket global;

    private static final class Bucket {
        double tokens;
        long lastNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastNanos = now;
        }

        boolean take(long now, double ratePerNano, double burst) {
            tokens = Math.min(burst, tokens + (now - lastNanos) * ratePerNano);
            lastNanos = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }

    public RateLimiter(Clock clock, int perClientPerMinute, int allPerSecond, int maxClients) {
        this.clock = clock;
        this.perClientPerNano = perClientPerMinute / 60e9;
        this.perClientBurst = Math.max(4, perClientPerMinute / 6.0);
        this.globalPerNano = allPerSecond / 1e9;
        this.globalBurst = Math.max(1, allPerSecond);
        this.global = new Bucket(globalBurst, nanos());
        this.clients = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<ClientKey, Bucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    private long nanos() {
        java.time.Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** True when this request may be served; false means drop it silently. */
    public synchronized boolean tryAcquire(ClientKey client) {
        long now = nanos();
        Bucket b = clients.computeIfAbsent(client, k -> new Bucket(perClientBurst, now));
        if (!b.take(now, perClientPerNano, perClientBurst)) {
            return false;
        }
        return global.take(now, globalPerNano, globalBurst);
    }
}
