package gateway.proxy.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stored responses in memory, by URL, each URL holding its Vary variants; Caffeine evicts by
 * weight (bytes held), so the tier stays within its size however large single objects are.
 */
final class MemoryTier {
    private static final int MAX_VARIANTS = 8;
    private final Cache<String, List<StoredResponse>> cache;

    MemoryTier(long maxBytes) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String url, List<StoredResponse> variants) -> {
                    long w = 0;
                    for (StoredResponse r : variants) {
                        w += r.weight();
                    }
                    return (int) Math.min(Integer.MAX_VALUE, w);
                })
                .executor(Runnable::run)
                .build();
    }

    StoredResponse get(String url, Fields request) {
        List<StoredResponse> variants = cache.getIfPresent(url);
        if (variants == null) {
            return null;
        }
        for (StoredResponse r : variants) {
            if (VaryKey.matches(r.varyValues(), request)) {
                return r;
            }
        }
        return null;
    }

    /** Stores the response, replacing a variant with the same secondary key. */
    void put(StoredResponse response) {
        cache.asMap().compute(response.url(), (url, old) -> {
            List<StoredResponse> next = new ArrayList<>();
            next.add(response);
            if (old != null) {
                for (StoredResponse r : old) {
                    if (!r.varyValues().equals(response.varyValues()) && next.size() < MAX_VARIANTS) {
                        next.add(r);
                    }
                }
            }
            return List.copyOf(next);
        });
    }

    void remove(String url) {
        cache.invalidate(url);
    }

    long weight() {
        cache.cleanUp();
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    Map<String, List<StoredResponse>> snapshot() {
        return Map.copyOf(cache.asMap());
    }
}
