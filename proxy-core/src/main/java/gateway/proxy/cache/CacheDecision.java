package gateway.proxy.cache;

import java.time.Duration;

/** What to do with a request, given what the cache holds (see {@link CacheStrategy}). */
public sealed interface CacheDecision {
    /** Serve the stored response; its {@code Age} is {@code age}. */
    record Serve(StoredResponse stored, Duration age) implements CacheDecision {
    }

    /** Ask the origin with these conditional fields; a 304 confirms {@code stored}. */
    record Validate(StoredResponse stored, Fields conditions) implements CacheDecision {
    }

    /** Nothing usable: fetch from the origin. */
    record Fetch() implements CacheDecision {
    }
}
