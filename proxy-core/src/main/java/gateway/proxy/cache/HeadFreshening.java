package gateway.proxy.cache;

/**
 * RFC 9111 section 4.3.5: what a 200 answer to a HEAD the cache sent inbound means for the
 * stored GET response the request would have been served from. When their validators agree
 * (the same ETag; Last-Modified when neither has an ETag) and the HEAD's Content-Length, if any,
 * is the stored body's length, the HEAD's fields update the stored response as a 304's would;
 * otherwise the stored response no longer describes the resource and is dropped.
 */
public final class HeadFreshening {
    /** What becomes of the stored response. */
    public enum Outcome {
        /** The HEAD confirmed it: update its fields and times. */
        UPDATE,
        /** The HEAD describes another representation: remove it. */
        INVALIDATE
    }

    private HeadFreshening() {
    }

    public static Outcome compare(Fields head, StoredResponse stored) {
        Fields kept = stored.headers();
        String etag = head.get("ETag");
        boolean validatorsMatch;
        if (etag != null || kept.get("ETag") != null) {
            validatorsMatch = etag != null && etag.trim().equals(trimmed(kept.get("ETag")));
        } else {
            String lastModified = head.get("Last-Modified");
            validatorsMatch = lastModified != null && lastModified.trim().equals(trimmed(kept.get("Last-Modified")));
        }
        String length = head.get("Content-Length");
        boolean lengthMatches = length == null || length.trim().equals(Integer.toString(stored.body().length()));
        return validatorsMatch && lengthMatches ? Outcome.UPDATE : Outcome.INVALIDATE;
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }
}
