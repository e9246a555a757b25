package gateway.proxy.cache;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A complete response kept by the cache, with the times RFC 9111 section 4.2.3 needs. Small on
 * the heap, since thousands stay alive in the memory tier and each object there is work for every
 * garbage collection: the fields are packed into one array, the times are kept as numbers, the
 * usual reason phrases are shared, and the body lives off the heap, shared by reference counting
 * (see {@link StoredBody}; who holds a reference releases it).
 */
public final class StoredResponse {
    private final String url;
    private final Map<String, String> varyValues;
    private final int status;
    private final String reason;
    private final Fields headers;
    private final long requestSecond;
    private final int requestNano;
    private final long responseSecond;
    private final int responseNano;
    private final StoredBody body;

    /**
     * @param url          the primary key (absolute URL of a GET)
     * @param varyValues   the secondary key: request field values for each name the response's Vary lists
     * @param status       status code
     * @param reason       reason phrase
     * @param headers      response fields as received (hop-by-hop removed)
     * @param requestTime  when the request that fetched it was sent
     * @param responseTime when the response was received
     * @param body         the complete body, off the heap
     */
    public StoredResponse(String url, Map<String, String> varyValues, int status, String reason, Fields headers,
            Instant requestTime, Instant responseTime, StoredBody body) {
        this.url = Objects.requireNonNull(url, "url");
        this.varyValues = Map.copyOf(varyValues);
        this.status = status;
        this.reason = shared(status, Objects.requireNonNull(reason, "reason"));
        this.headers = headers.packed();
        this.requestSecond = requestTime.getEpochSecond();
        this.requestNano = requestTime.getNano();
        this.responseSecond = responseTime.getEpochSecond();
        this.responseNano = responseTime.getNano();
        this.body = Objects.requireNonNull(body, "body");
    }

    /** The standard phrase's one instance when the origin sent the standard phrase (it nearly always does). */
    private static String shared(int status, String reason) {
        String standard = HttpResponseStatus.valueOf(status).reasonPhrase();
        return standard.equals(reason) ? standard : reason;
    }

    public String url() {
        return url;
    }

    public Map<String, String> varyValues() {
        return varyValues;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public Fields headers() {
        return headers;
    }

    public Instant requestTime() {
        return Instant.ofEpochSecond(requestSecond, requestNano);
    }

    public Instant responseTime() {
        return Instant.ofEpochSecond(responseSecond, responseNano);
    }

    public StoredBody body() {
        return body;
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

    @Override
    public String toString() {
        return "StoredResponse[" + status + " " + url + ", " + body.length() + " bytes]";
    }
}
