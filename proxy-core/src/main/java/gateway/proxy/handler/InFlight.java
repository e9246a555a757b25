package gateway.proxy.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request collapsing: the first cache miss for a URL leads the origin fetch; concurrent misses
 * for the same URL wait for it (bounded by the caller's timer) and then look in the cache again.
 * Shared by all event loops; waiters run on their own loops.
 */
final class InFlight {
    private final ConcurrentHashMap<String, List<Runnable>> flights = new ConcurrentHashMap<>();

    /** True when the caller leads the fetch of {@code url}; otherwise {@code waiter} runs when the leader ends. */
    boolean leadOrWait(String url, Runnable waiter) {
        boolean[] lead = {false};
        flights.compute(url, (key, waiters) -> {
            if (waiters == null) {
                lead[0] = true;
                return new ArrayList<>();
            }
            waiters.add(waiter);
            return waiters;
        });
        return lead[0];
    }

    /** The leader is done (stored or not): wake everyone who waited. */
    void landed(String url) {
        List<Runnable> waiters = flights.remove(url);
        if (waiters != null) {
            waiters.forEach(Runnable::run);
        }
    }
}
