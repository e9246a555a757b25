package gateway.proxy.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Decides from request, stored response and now whether to serve, revalidate or fetch, like
 * OkHttp's CacheStrategy. This cache serves a stale response in one case only: the origin failed
 * and stale-if-error allows it ({@link #staleIfError}, RFC 5861 section 4); never otherwise
 * (RFC 9111 section 4.2.4 would allow more, but it is simplest to trust).
 */
public final class CacheStrategy {
    private final Freshness freshness;
    private final Clock clock;

    public CacheStrategy(Freshness freshness, Clock clock) {
        this.freshness = freshness;
        this.clock = clock;
    }

    public CacheDecision decide(String method, Fields request, StoredResponse stored) {
        if (stored == null || !method.equals("GET")) {
            return new CacheDecision.Fetch();
        }
        CacheControl req = CacheControl.parse(request);
        if (req.has("no-store")) {
            return new CacheDecision.Fetch();
        }
        Instant now = clock.instant();
        Duration age = Freshness.currentAge(stored.headers(), stored.requestTime(), stored.responseTime(), now);
        Duration lifetime = freshness.lifetime(stored.status(), stored.headers(), stored.responseTime());
        CacheControl res = CacheControl.parse(stored.headers());
        boolean mustValidate = res.has("no-cache") // 5.2.2.4: always validate before reuse
                || req.has("no-cache") // 5.2.1.4
                || (!request.contains("Cache-Control") && request.tokens("Pragma").contains("no-cache")); // 5.4
        OptionalLong maxAge = req.seconds("max-age");
        if (maxAge.isPresent() && age.getSeconds() > maxAge.getAsLong()) {
            mustValidate = true; // 5.2.1.1
        }
        OptionalLong minFresh = req.seconds("min-fresh");
        if (minFresh.isPresent() && lifetime.minus(age).getSeconds() < minFresh.getAsLong()) {
            mustValidate = true; // 5.2.1.3
        }
        if (!mustValidate && lifetime.compareTo(age) > 0) {
            return new CacheDecision.Serve(stored, age);
        }
        Fields conditions = conditions(stored.headers());
        if (conditions.entries().isEmpty()) {
            return new CacheDecision.Fetch();
        }
        return new CacheDecision.Validate(stored, conditions);
    }

    /**
     * RFC 5861 section 4: whether {@code stored} may answer the request because the origin failed
     * (no answer, or 500, 502, 503, 504): its staleness is within the stale-if-error window of
     * the response or of the request, and nothing forbids serving it stale (must-revalidate,
     * proxy-revalidate, s-maxage, which implies proxy-revalidate for a shared cache, and no-cache
     * on either side, RFC 9111 sections 5.2.2.2, 5.2.2.8, 5.2.2.10, 5.2.2.4, 5.2.1.4).
     */
    public boolean staleIfError(Fields request, StoredResponse stored) {
        if (stored == null) {
            return false;
        }
        CacheControl res = CacheControl.parse(stored.headers());
        CacheControl req = CacheControl.parse(request);
        if (res.has("must-revalidate") || res.has("proxy-revalidate") || res.has("s-maxage")
                || res.has("no-cache") || req.has("no-cache") || req.has("no-store")) {
            return false;
        }
        OptionalLong window = max(res.seconds("stale-if-error"), req.seconds("stale-if-error"));
        if (window.isEmpty()) {
            return false;
        }
        Duration age = Freshness.currentAge(stored.headers(), stored.requestTime(), stored.responseTime(),
                clock.instant());
        Duration staleness = age.minus(freshness.lifetime(stored.status(), stored.headers(), stored.responseTime()));
        return staleness.getSeconds() <= window.getAsLong();
    }

    private static OptionalLong max(OptionalLong a, OptionalLong b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() || a.getAsLong() >= b.getAsLong() ? a : b;
    }

    /** RFC 9111 section 4.3.1: If-None-Match from ETag, If-Modified-Since from Last-Modified. */
    static Fields conditions(Fields stored) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        String etag = stored.get("ETag");
        if (etag != null) {
            list.add(Map.entry("If-None-Match", etag));
        }
        String lastModified = stored.get("Last-Modified");
        if (lastModified != null && HttpDates.parse(lastModified) != null) {
            list.add(Map.entry("If-Modified-Since", lastModified));
        }
        return Fields.of(list);
    }
}
