package gateway.proxy.cache;

/**
 * One byte range resolved against a complete object of {@code length} bytes (RFC 9110 section
 * 14.1.2); {@link ByteRanges} parses the Range field into these.
 */
public record ByteRange(long first, long last, long length) {

    /** Marker for a range that lies outside the object (answered 416). */
    public static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1, -1);

    /**
     * One range-spec ({@code first-last}, {@code first-}, {@code -suffix}) against the length:
     * the range, {@link #UNSATISFIABLE} when it lies outside the object, or null when it is not
     * valid syntax (then the whole Range field is ignored, section 14.1.1).
     */
    static ByteRange resolve(String spec, long length) {
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        long a = digits(spec.substring(0, dash).trim());
        long b = digits(spec.substring(dash + 1).trim());
        if (a == INVALID || b == INVALID) {
            return null;
        }
        if (a == ABSENT) {
            if (b == ABSENT) {
                return null;
            }
            if (b == 0 || length == 0) {
                return UNSATISFIABLE; // a zero suffix, or any suffix of an empty object
            }
            return new ByteRange(Math.max(0, length - b), length - 1, length);
        }
        if (b != ABSENT && b < a) {
            return null; // last-pos before first-pos: invalid
        }
        if (a >= length) {
            return UNSATISFIABLE;
        }
        return new ByteRange(a, b == ABSENT ? length - 1 : Math.min(b, length - 1), length);
    }

    private static final long ABSENT = -1;
    private static final long INVALID = -2;

    /** 1*DIGIT as a number (saturating at Long.MAX_VALUE), ABSENT when empty, INVALID otherwise. */
    private static long digits(String s) {
        if (s.isEmpty()) {
            return ABSENT;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return INVALID;
            }
            n = n > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : n * 10 + (c - '0');
        }
        return n;
    }

    public long size() {
        return last - first + 1;
    }

    /** The Content-Range value. */
    public String contentRange() {
        return "bytes " + first + "-" + last + "/" + length;
    }
}
