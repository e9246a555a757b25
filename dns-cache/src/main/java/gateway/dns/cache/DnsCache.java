package gateway.dns.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import gateway.dns.codec.WireName;
import gateway.dns.metrics.DnsListener;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Name;

/**
 * The response cache: bounded Caffeine map from {@link CacheKey} to {@link CachedResponse}.
 * An entry stays in Caffeine for its TTL plus the stale window, so that it can still be served
 * stale (RFC 8767) after it expired; {@link CachedResponse#isFresh} tells the two apart.
 * Time comes from the injected {@link Clock} (also as Caffeine's ticker) so tests move it.
 */
public final class DnsCache {

  private final Cache<CacheKey, CachedResponse> cache;
  private final Clock clock;

  public DnsCache(long maxEntries, long staleWindowSeconds, Clock clock, DnsListener listener) {
    if (maxEntries < 0 || staleWindowSeconds < 0) {
      throw new IllegalArgumentException("maxEntries and staleWindowSeconds must be >= 0");
    }
    this.clock = clock;
    this.cache = Caffeine.newBuilder()
        .maximumSize(maxEntries)
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
        // maintenance on the calling thread: deterministic in tests, cheap for DNS entries
        .executor(Runnable::run)
        .expireAfter(new Expiry<CacheKey, CachedResponse>() {
          @Override
          public long expireAfterCreate(CacheKey k, CachedResponse v, long now) {
            // counted from when the answer was stored, not when it was put: entries reloaded
            // after a restart keep their real age
            long endMillis = v.storedAtMillis()
                + TimeUnit.SECONDS.toMillis(v.ttlSeconds() + staleWindowSeconds);
            return Math.max(0, TimeUnit.MILLISECONDS.toNanos(endMillis) - now);
          }

          @Override
          public long expireAfterUpdate(CacheKey k, CachedResponse v, long now, long current) {
            return expireAfterCreate(k, v, now);
          }

          @Override
          public long expireAfterRead(CacheKey k, CachedResponse v, long now, long current) {
            return current;
          }
        })
        .evictionListener((CacheKey k, CachedResponse v, RemovalCause cause) -> {
          if (cause == RemovalCause.SIZE) {
            listener.cacheEviction();
          }
        })
        .build();
  }

  /** The entry for {@code key}, fresh or stale; empty when absent or past the stale window. */
  public Optional<CachedResponse> get(CacheKey key) {
    return Optional.ofNullable(cache.getIfPresent(key));
  }

  /** Stores (or replaces) an entry. */
  public void put(CacheKey key, CachedResponse value) {
    cache.put(key, value);
  }

  /** Removes every entry for {@code name}, whatever the type; returns how many. */
  public int invalidate(Name name) {
    WireName n = WireName.of(name);
    int[] count = {0};
    cache.asMap().keySet().removeIf(k -> {
      boolean match = k.name().equals(n);
      if (match) {
        count[0]++;
      }
      return match;
    });
    return count[0];
  }

  /** Removes everything. */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  /** Approximate number of entries (fresh and stale). */
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** A copy of every entry (fresh and stale), for {@link CacheSnapshot}. */
  public java.util.Map<CacheKey, CachedResponse> entries() {
    return java.util.Map.copyOf(cache.asMap());
  }

  /** Now, in the cache's time. */
  public long nowMillis() {
    return clock.millis();
  }
}
