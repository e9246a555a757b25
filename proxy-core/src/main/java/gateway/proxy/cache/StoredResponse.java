package gateway.proxy.cache;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A complete response kept by the cache, with the times RFC 9111 section 4.2.3 needs.
 *
 * @param url          the primary key (absolute URL of a GET)
 * @param varyValues   the secondary key: request field values for each name the response's Vary lists
 * @param status       status code
 * @param reason       reason phrase
 * @param headers      response fields as received (hop-by-hop removed)
 * @param requestTime  when the request that fetched it was sent
 * @param responseTime when the response was received
 * @param body         the complete body
 */
public record StoredResponse(String url, Map<String, String> varyValues, int status, String reason, Fields headers,
        Instant requestTime, Instant responseTime, byte[] body) {
    public StoredResponse {
        Objects.requireNonNull(url, "url");
        varyValues = Map.copyOf(varyValues);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(requestTime, "requestTime");
        Objects.requireNonNull(responseTime, "responseTime");
        Objects.requireNonNull(body, "body");
    }

    /** The same response with the fields and times of a 304 that confirmed it (RFC 9111 section 4.3.4). */
    public StoredResponse refreshedBy(Fields notModified, Instant newRequestTime, Instant newResponseTime) {
        return new StoredResponse(url, varyValues, status, reason, headers.updatedBy(notModified), newRequestTime,
                newResponseTime, body);
    }

    /** Bytes held, for the memory tier's weigher. */
    public int weight() {
        return body.length + headers.weight() + 2 * url.length() + 96 * varyValues.size() + 256;
    }
}
