package gateway.dns.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** Counter values at one moment; {@code upstreamMeanMicros} is the mean successful round trip. */
public record DnsStatsSnapshot(
    long queries,
    long refused,
    long malformed,
    long localAnswers,
    long cacheHits,
    long cacheMisses,
    long cacheEvictions,
    long staleServed,
    long upstreamAnswers,
    long upstreamFailures,
    long upstreamMeanMicros,
    long spoofSuspected,
    long rebindingBlocked,
    long truncated,
    long servfail,
    long prefetches,
    long rateLimited,
    long cacheSize) {

  /** Name/value pairs in a fixed order, for the CLI and the admin endpoint. */
  public Map<String, Long> asMap() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("queries", queries);
    m.put("refused", refused);
    m.put("malformed", malformed);
    m.put("local_answers", localAnswers);
    m.put("cache_hits", cacheHits);
    m.put("cache_misses", cacheMisses);
    m.put("cache_evictions", cacheEvictions);
    m.put("cache_size", cacheSize);
    m.put("stale_served", staleServed);
    m.put("upstream_answers", upstreamAnswers);
    m.put("upstream_failures", upstreamFailures);
    m.put("upstream_mean_micros", upstreamMeanMicros);
    m.put("spoof_suspected", spoofSuspected);
    m.put("rebinding_blocked", rebindingBlocked);
    m.put("truncated", truncated);
    m.put("servfail", servfail);
    m.put("prefetches", prefetches);
    m.put("rate_limited", rateLimited);
    return m;
  }
}
