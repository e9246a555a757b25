package gateway.proxy.cache;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A complete response kept by the cache, with the times RFC 9111 section 4.2.3 needs. Small on
 * the heap: the fields are packed into one array and the body lives off the heap, shared by
 * reference counting (see {@link StoredBody}; who holds a reference releases it).
 *
 * @param url          the primary key (absolute URL of a GET)
 * @param varyValues   the secondary key: request field values for each name the response's Vary lists
 * @param status       status code
 * @param reason       reason phrase
 * @param headers      response fields as received (hop-by-hop removed)
 * @param requestTime  when the request that fetched it was sent
 * @param responseTime when the response was received
 * @param body         the complete body, off the heap
 */
public record StoredResponse(String url, Map<String, String> varyValues, int status, String reason, Fields headers,
        Instant requestTime, Instant responseTime, StoredBody body) {
    public StoredResponse {
        Objects.requireNonNull(url, "url");
        varyValues = Map.copyOf(varyValues);
        Objects.requireNonNull(reason, "reason");
        headers = headers.packed();
        Objects.requireNonNull(requestTime, "requestTime");
        Objects.requireNonNull(responseTime, "responseTime");
        Objects.requireNonNull(body, "body");
    }

    /**
     * The same response with the fields and times of a 304 that confirmed it (RFC 9111 section
     * 4.3.4); it shares the body, taking no reference of its own.
     */
    public StoredResponse refreshedBy(Fields notModified, Instant newRequestTime, Instant newResponseTime) {
        return new StoredResponse(url, varyValues, status, reason, headers.updatedBy(notModified), newRequestTime,
                newResponseTime, body);
    }

    /** Bytes held on and off the heap, for the memory tier's weigher. */
    public int weight() {
        return body.capacity() + headers.weight() + 2 * url.length() + 96 * varyValues.size() + 256;
    }
}
