package gateway.proxy.cache;

import java.time.Instant;

/**
 * RFC 9110 section 13.1.5: whether a Range applies given the request's If-Range and the stored
 * response. An entity-tag must match strongly (a weak one never does); an HTTP-date must equal a
 * strong Last-Modified, one at least a second before the stored Date (section 8.8.2.2, the rule
 * for a cache). Anything else, malformed values included, means "send the whole representation".
 */
public final class IfRange {
    private IfRange() {
    }

    /** True when there is no If-Range, or when it matches the stored response. */
    public static boolean allowsRange(String ifRange, Fields stored) {
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            EntityTag tag = EntityTag.parse(value);
            return tag != null && tag.strongMatch(EntityTag.parse(stored.get("ETag")));
        }
        Instant date = HttpDates.parse(value);
        Instant lastModified = HttpDates.parse(stored.get("Last-Modified"));
        Instant served = HttpDates.parse(stored.get("Date"));
        boolean strong = lastModified != null && served != null && !served.isBefore(lastModified.plusSeconds(1));
        return date != null && strong && date.equals(lastModified);
    }
}
