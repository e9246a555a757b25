package gateway.proxy.cache;

import java.time.Instant;
import java.util.List;

/**
 * Evaluates a client's own If-None-Match / If-Modified-Since against a fresh stored response, so
 * the cache can answer 304 itself (RFC 9111 section 4.3.2, RFC 9110 sections 13.1.2 and 13.1.3).
 */
public final class ConditionalRequest {
    private ConditionalRequest() {
    }

    /** Whether the request carries only conditions this cache evaluates (no If-Match, If-Unmodified-Since, If-Range). */
    public static boolean evaluable(Fields request) {
        return (request.contains("If-None-Match") || request.contains("If-Modified-Since"))
                && !request.contains("If-Match") && !request.contains("If-Unmodified-Since")
                && !request.contains("If-Range");
    }

    /** True when the stored response satisfies the conditions, i.e. the answer is 304 Not Modified. */
    public static boolean notModified(Fields request, Fields stored) {
        List<String> tags = request.tokens("If-None-Match");
        if (!tags.isEmpty() || request.contains("If-None-Match")) {
            // 13.1.2: weak comparison; If-Modified-Since is then ignored (13.1.3)
            String etag = stored.get("ETag");
            if (tags.contains("*")) {
                return etag != null;
            }
            if (etag == null) {
                return false;
            }
            String own = opaque(etag);
            for (String raw : request.getAll("If-None-Match")) {
                for (String tag : raw.split(",")) {
                    if (opaque(tag.trim()).equals(own)) {
                        return true;
                    }
                }
            }
            return false;
        }
        Instant since = HttpDates.parse(request.get("If-Modified-Since"));
        Instant lastModified = HttpDates.parse(stored.get("Last-Modified"));
        if (since == null) {
            return false;
        }
        if (lastModified == null) {
            lastModified = HttpDates.parse(stored.get("Date"));
        }
        return lastModified != null && !lastModified.isAfter(since);
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
