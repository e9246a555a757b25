package gateway.dns.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Makes concurrent identical misses share one upstream query: the first caller for a key
 * starts the work, later callers for the same key get the same result until it completes.
 *
 * @param <K> the key, e.g. {@link CacheKey}
 * @param <V> the result
 */
public final class Coalescer<K, V> {

  private final ConcurrentHashMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

  /**
   * Returns the in-flight result for {@code key}, or starts {@code work} for it. The entry is
   * removed before the result is published, so work completing later starts afresh. Callers
   * get a copy, so cancelling one caller's future does not affect the others.
   */
  public CompletableFuture<V> join(K key, Supplier<CompletableFuture<V>> work) {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> existing = inFlight.putIfAbsent(key, mine);
    if (existing != null) {
      return existing.copy();
    }
    CompletableFuture<V> started;
    try {
      started = work.get();
    } catch (RuntimeException e) {
      started = CompletableFuture.failedFuture(e);
    }
    started.whenComplete((v, e) -> {
      inFlight.remove(key, mine);
      if (e != null) {
        mine.completeExceptionally(e);
      } else {
        mine.complete(v);
      }
    });
    return mine.copy();
  }

  /** Number of keys with work in flight. */
  public int inFlight() {
    return inFlight.size();
  }
}
