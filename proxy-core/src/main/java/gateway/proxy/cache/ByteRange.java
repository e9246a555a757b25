package gateway.proxy.cache;

/**
 * One byte range of a Range request resolved against a complete object (RFC 9110 section 14.1.2).
 * Multiple ranges and other units are not served from the cache (the full object is sent instead).
 */
public record ByteRange(long first, long last, long length) {

    /** The range, {@link #UNSATISFIABLE} for a satisfiable-syntax range outside the object, or null to ignore. */
    public static ByteRange parse(String header, long length) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6) || h.indexOf(',') >= 0) {
            return null;
        }
        String spec = h.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                if (b.isEmpty()) {
                    return null;
                }
                long suffix = Long.parseLong(b);
                if (suffix == 0 || length == 0) {
                    return UNSATISFIABLE;
                }
                return new ByteRange(Math.max(0, length - suffix), length - 1, length);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? length - 1 : Math.min(Long.parseLong(b), length - 1);
            if (!b.isEmpty() && Long.parseLong(b) < first) {
                return null; // invalid range-spec: ignore the header (14.1.1)
            }
            if (first >= length) {
                return UNSATISFIABLE;
            }
            return new ByteRange(first, last, length);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Marker for a range that lies outside the object (answered 416). */
    public static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1, -1);

    public long size() {
        return last - first + 1;
    }

    /** The Content-Range value. */
    public String contentRange() {
        return "bytes " + first + "-" + last + "/" + length;
    }
}
