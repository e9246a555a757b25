package gateway.proxy.cache;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Range field of a GET resolved against a complete stored object (RFC 9110 section 14.2):
 * which ranges to send, in what order, or that the field is to be ignored (the whole object is
 * sent) or answered 416. Guards against abuse as section 14.2 permits: more than
 * {@link #MAX_RANGES} range-specs are ignored; overlapping ranges, and ones only a few bytes
 * apart, are coalesced (section 15.3.7.2), so no byte is sent twice.
 */
public final class ByteRanges {
    /** More range-specs than this and the field is ignored: a broken client or a denial-of-service attempt. */
    public static final int MAX_RANGES = 16;
    /** Ranges closer than this are merged: a separate part would cost more in its own header. */
    static final long MERGE_GAP = 80;

    private ByteRanges() {
    }

    /**
     * The satisfiable ranges to send (one or more), a list holding only
     * {@link ByteRange#UNSATISFIABLE} when none is (416), or null to ignore the field (another
     * unit, invalid syntax, too many ranges).
     */
    public static List<ByteRange> parse(String header, long length) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes", 0, 5)) {
            return null;
        }
        h = h.substring(5).trim();
        if (!h.startsWith("=")) {
            return null;
        }
        String[] specs = h.substring(1).split(",", -1);
        List<ByteRange> satisfiable = new ArrayList<>();
        int count = 0;
        for (String raw : specs) {
            String spec = raw.trim();
            if (spec.isEmpty()) {
                continue; // an empty list element (RFC 9110 section 5.6.1)
            }
            if (++count > MAX_RANGES) {
                return null;
            }
            ByteRange r = ByteRange.resolve(spec, length);
            if (r == null) {
                return null;
            }
            if (r != ByteRange.UNSATISFIABLE) {
                satisfiable.add(r);
            }
        }
        if (count == 0) {
            return null;
        }
        if (satisfiable.isEmpty()) {
            return List.of(ByteRange.UNSATISFIABLE);
        }
        return coalesced(satisfiable);
    }

    /** The ranges in the order asked, unless some overlap or nearly touch: then merged, in ascending order. */
    private static List<ByteRange> coalesced(List<ByteRange> ranges) {
        List<ByteRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(ByteRange::first));
        List<ByteRange> merged = new ArrayList<>();
        ByteRange current = sorted.get(0);
        for (ByteRange next : sorted.subList(1, sorted.size())) {
            if (next.first() <= current.last() + 1 + MERGE_GAP) {
                current = new ByteRange(current.first(), Math.max(current.last(), next.last()), current.length());
            } else {
                merged.add(current);
                current = next;
            }
        }
        merged.add(current);
        return merged.size() == ranges.size() ? List.copyOf(ranges) : List.copyOf(merged);
    }
}
