package gateway.proxy.metrics;

/** How the cache took part in answering one request, as the access log shows it. */
public enum CacheResult {
    /** Served from the cache without asking the origin. */
    HIT,
    /** Fetched from the origin (and stored if cacheable). */
    MISS,
    /** A stored response was confirmed by the origin with 304 and served. */
    REVALIDATED,
    /** The cache was not consulted (method, tunnel, error, policy). */
    BYPASS,
    /** The origin failed and a stale stored response was served instead (RFC 5861 stale-if-error). */
    STALE
}
