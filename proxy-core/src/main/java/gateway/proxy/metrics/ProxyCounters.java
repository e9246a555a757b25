package gateway.proxy.metrics;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Running totals of what the proxy did, fed as a {@link ProxyListener}; safe from any thread. */
public final class ProxyCounters implements ProxyListener {
    private final LongAdder requests = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder revalidated = new LongAdder();
    private final LongAdder bypassed = new LongAdder();
    private final LongAdder stale = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder clientErrors = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder collapsed = new LongAdder();
    private volatile String spoofDiagnosis = "";

    @Override
    public void requestCompleted(AccessRecord record) {
        requests.increment();
        bytes.add(record.bytes());
        switch (record.cache()) {
            case HIT -> hits.increment();
            case MISS -> misses.increment();
            case REVALIDATED -> revalidated.increment();
            case BYPASS -> bypassed.increment();
            case STALE -> stale.increment();
        }
        if (record.status() >= 500) {
            serverErrors.increment();
        } else if (record.status() >= 400) {
            clientErrors.increment();
        }
    }

    @Override
    public void clientRefused(InetSocketAddress client) {
        refused.increment();
    }

    @Override
    public void requestCollapsed(String url) {
        collapsed.increment();
    }

    @Override
    public void spoofingAbandoned(String diagnosis) {
        spoofDiagnosis = diagnosis;
    }

    /** The totals by name, in a fixed order (snake_case, for JSON and the CLI). */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", requests.sum());
        m.put("cache_hits", hits.sum());
        m.put("cache_misses", misses.sum());
        m.put("cache_revalidated", revalidated.sum());
        m.put("cache_bypassed", bypassed.sum());
        m.put("cache_stale_if_error", stale.sum());
        m.put("collapsed", collapsed.sum());
        m.put("bytes_to_clients", bytes.sum());
        m.put("client_errors_4xx", clientErrors.sum());
        m.put("proxy_errors_5xx", serverErrors.sum());
        m.put("clients_refused", refused.sum());
        m.put("spoofing_abandoned", spoofDiagnosis.isEmpty() ? "no" : spoofDiagnosis);
        return m;
    }
}
