package gateway.proxy.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Stored responses in memory, by URL, each URL holding its Vary variants; Caffeine evicts by
 * weight (bytes held on and off the heap), so the tier stays within its size however large single
 * objects are.
 *
 * <p>References: the tier holds one reference to each stored body and gives it back exactly once,
 * when the variant leaves (evicted, invalidated, replaced, or the tier closed). {@link #get}
 * hands out a reference of the caller's own.
 *
 * <p>Caffeine's upkeep (applying the recorded reads and writes to its policy, evicting, giving
 * back evicted bodies) runs batched as a task on the given executor: the proxy gives one of its
 * event loops, where it runs after the current batch of I/O. Run inline after every store it
 * took about a tenth of the proxy's CPU under misses; on a thread of its own, the wake-ups and
 * that thread competing for the cores cost another third of a miss's CPU. The size may overshoot
 * the limit by what arrived since the last upkeep, a few entries.
 */
final class MemoryTier implements AutoCloseable {
    private static final int MAX_VARIANTS = 8;
    /** Where the upkeep runs when the given executor refuses (an event loop shutting down), and for {@link #upkeepNow}. */
    private final ExecutorService ownThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "proxy-cache-upkeep");
        t.setDaemon(true);
        return t;
    });
    private final Cache<String, List<StoredResponse>> cache;
    /** Set by {@link #close}: the last removals run on the own thread, which close waits for. */
    private volatile boolean closing;

    /** A tier whose upkeep runs on a thread of its own. */
    MemoryTier(long maxBytes) {
        this(maxBytes, null);
    }

    /** A tier whose upkeep runs on {@code upkeep} (null: a thread of its own). */
    MemoryTier(long maxBytes, Executor upkeep) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String url, List<StoredResponse> variants) -> {
                    long w = 0;
                    for (StoredResponse r : variants) {
                        w += r.weight();
                    }
                    return (int) Math.min(Integer.MAX_VALUE, w);
                })
                .executor(task -> runUpkeep(upkeep, task))
                .removalListener((String url, List<StoredResponse> variants, RemovalCause cause) -> {
                    // A replaced list's dropped variants are released by put(), which knows which they are.
                    if (cause != RemovalCause.REPLACED && variants != null) {
                        variants.forEach(r -> r.body().release());
                    }
                })
                .build();
    }

    /**
     * The variant matching the request with a reference for the caller (release its body when
     * done), or null. A variant evicted while being looked up counts as absent.
     */
    StoredResponse get(String url, Fields request) {
        List<StoredResponse> variants = cache.getIfPresent(url);
        if (variants == null) {
            return null;
        }
        for (StoredResponse r : variants) {
            if (VaryKey.matches(r.varyValues(), request)) {
                return r.body().tryRetain() ? r : null;
            }
        }
        return null;
    }

    /**
     * Stores the response, replacing a variant with the same secondary key. The tier takes a
     * reference of its own; the caller keeps its one.
     */
    void put(StoredResponse response) {
        response.body().retain();
        if (cache.asMap().putIfAbsent(response.url(), List.of(response)) == null) {
            return; // the usual case: a URL not stored yet
        }
        List<StoredResponse> dropped = new ArrayList<>();
        cache.asMap().compute(response.url(), (url, old) -> {
            dropped.clear(); // compute may run its function again
            List<StoredResponse> next = new ArrayList<>();
            next.add(response);
            if (old != null) {
                for (StoredResponse r : old) {
                    if (!r.varyValues().equals(response.varyValues()) && next.size() < MAX_VARIANTS) {
                        next.add(r);
                    } else {
                        dropped.add(r);
                    }
                }
            }
            return List.copyOf(next);
        });
        dropped.forEach(r -> r.body().release());
    }

    private void runUpkeep(Executor upkeep, Runnable task) {
        if (upkeep != null && !closing) {
            try {
                upkeep.execute(task);
                return;
            } catch (RejectedExecutionException e) {
                // the event loop is shutting down: the tier's own thread takes it
            }
        }
        ownThread.execute(task);
    }

    /**
     * Runs the upkeep now and waits until it and the removals it handed to the tier's own thread
     * are done (tests, stats); removals handed to an event loop run there, after this returns.
     */
    void upkeepNow() {
        cache.cleanUp();
        try {
            ownThread.submit(cache::cleanUp).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cache upkeep failed", e);
        }
    }

    void remove(String url) {
        cache.invalidate(url);
    }

    long weight() {
        upkeepNow();
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    long size() {
        return cache.estimatedSize();
    }

    /** Gives back every reference the tier holds. */
    @Override
    public void close() {
        closing = true;
        cache.invalidateAll();
        cache.cleanUp();
        ownThread.shutdown();
        try {
            if (!ownThread.awaitTermination(10, TimeUnit.SECONDS)) {
                LoggerFactory.getLogger(MemoryTier.class).warn("cache upkeep did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
