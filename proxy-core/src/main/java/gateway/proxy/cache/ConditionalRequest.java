package gateway.proxy.cache;

import java.time.Instant;
import java.util.List;

/**
 * Evaluates a client's own preconditions against a fresh stored response of a GET or HEAD, so
 * the cache answers them itself (RFC 9111 section 4.3.2): If-Match and If-Unmodified-Since
 * (RFC 9110 sections 13.1.1, 13.1.4) can fail with 412, If-None-Match and If-Modified-Since
 * (13.1.2, 13.1.3) answer 304, in the order of section 13.2.2. If-Range is {@link IfRange}'s.
 * Malformed values never throw: they are ignored or simply fail to match, as the sections say.
 */
public final class ConditionalRequest {
    /** What the preconditions make of the request. */
    public enum Verdict {
        /** None failed: serve the stored response (a Range may still apply). */
        SERVE,
        /** If-None-Match or If-Modified-Since found it unchanged: 304 Not Modified. */
        NOT_MODIFIED,
        /** If-Match or If-Unmodified-Since failed: 412 Precondition Failed. */
        PRECONDITION_FAILED
    }

    private ConditionalRequest() {
    }

    /** RFC 9110 section 13.2.2, steps 1 to 4, for a GET or HEAD the stored response answers. */
    public static Verdict evaluate(Fields request, int storedStatus, Fields stored) {
        if (storedStatus < 200 || storedStatus > 299) {
            return Verdict.SERVE; // 13.2.1: preconditions do not apply to a non-2xx answer
        }
        if (request.contains("If-Match")) {
            if (!ifMatch(request.getAll("If-Match"), stored)) {
                return Verdict.PRECONDITION_FAILED;
            }
        } else if (unmodifiedSinceFails(request.get("If-Unmodified-Since"), stored)) {
            return Verdict.PRECONDITION_FAILED;
        }
        return notModified(request, stored) ? Verdict.NOT_MODIFIED : Verdict.SERVE;
    }

    /** 13.1.1: {@code *} matches any current representation; otherwise strong comparison. */
    static boolean ifMatch(List<String> lines, Fields stored) {
        if (EntityTag.isAny(lines)) {
            return true;
        }
        EntityTag current = EntityTag.parse(stored.get("ETag"));
        for (EntityTag tag : EntityTag.parseList(lines)) {
            if (tag.strongMatch(current)) {
                return true;
            }
        }
        return false;
    }

    /**
     * 13.1.4: fails when the stored Last-Modified is after the date. Ignored when the value is
     * not an HTTP-date (a list of dates included) or there is no Last-Modified to compare.
     */
    static boolean unmodifiedSinceFails(String value, Fields stored) {
        Instant since = HttpDates.parse(value);
        Instant lastModified = HttpDates.parse(stored.get("Last-Modified"));
        return since != null && lastModified != null && lastModified.isAfter(since);
    }

    /** True when If-None-Match (weak comparison) or, without it, If-Modified-Since finds the stored response unchanged. */
    public static boolean notModified(Fields request, Fields stored) {
        List<String> lines = request.getAll("If-None-Match");
        if (!lines.isEmpty()) {
            // 13.1.2; If-Modified-Since is then ignored (13.1.3)
            if (EntityTag.isAny(lines)) {
                return true; // a current representation exists: the stored one
            }
            EntityTag current = EntityTag.parse(stored.get("ETag"));
            for (EntityTag tag : EntityTag.parseList(lines)) {
                if (tag.weakMatch(current)) {
                    return true;
                }
            }
            return false;
        }
        Instant since = HttpDates.parse(request.get("If-Modified-Since"));
        if (since == null) {
            return false; // absent or not a valid HTTP-date: ignored
        }
        Instant lastModified = HttpDates.parse(stored.get("Last-Modified"));
        if (lastModified == null) {
            lastModified = HttpDates.parse(stored.get("Date")); // RFC 9111 section 4.3.2
        }
        return lastModified != null && !lastModified.isAfter(since);
    }
}
