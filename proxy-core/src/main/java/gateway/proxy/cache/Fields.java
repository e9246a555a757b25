package gateway.proxy.cache;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An immutable, ordered list of header fields with case-insensitive lookup (RFC 9110 section 5).
 *
 * <p>Two forms with one behaviour: a flat array of names and values for the fields of a request
 * in flight, and a {@link #packed()} form for stored responses, one byte array per response
 * instead of a few dozen small objects, because thousands of them stay alive in the memory tier
 * and each object there is work for every full garbage collection. Packed text is ISO-8859-1,
 * as the fields were on the wire, so it can be written back without decoding
 * ({@link #forEachPacked}).
 */
public final class Fields {
    private static final Fields EMPTY = new Fields(new String[0]);
    /** name, value, name, value...; null in the packed form. */
    private final String[] pairs;
    /** For each field: u16 length, ISO-8859-1 name, u16 length, ISO-8859-1 value; null in the flat form. */
    private final byte[] packed;
    private final int size;

    private Fields(String[] pairs) {
        this.pairs = pairs;
        this.packed = null;
        this.size = pairs.length / 2;
    }

    private Fields(byte[] packed, int size) {
        this.pairs = null;
        this.packed = packed;
        this.size = size;
    }

    public static Fields of(List<Map.Entry<String, String>> entries) {
        String[] pairs = new String[entries.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : entries) {
            pairs[i++] = requireText(e.getKey());
            pairs[i++] = requireText(e.getValue());
        }
        return new Fields(pairs);
    }

    /** Pairs: name, value, name, value... */
    public static Fields of(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("pairs must be name, value...");
        }
        String[] copy = pairs.clone();
        for (String s : copy) {
            requireText(s);
        }
        return copy.length == 0 ? EMPTY : new Fields(copy);
    }

    /** Collects fields one by one without a list of entries in between. */
    public static final class Builder {
        private String[] pairs;
        private int n;

        private Builder(int expectedFields) {
            pairs = new String[Math.max(2, expectedFields * 2)];
        }

        public Builder add(String name, String value) {
            if (n + 2 > pairs.length) {
                pairs = Arrays.copyOf(pairs, pairs.length * 2);
            }
            pairs[n++] = requireText(name);
            pairs[n++] = requireText(value);
            return this;
        }

        /** The fields; a builder builds once (its array may become the result's). */
        public Fields build() {
            String[] built = n == pairs.length ? pairs : Arrays.copyOf(pairs, n);
            pairs = null;
            return new Fields(built);
        }
    }

    /** A builder sized for {@code expectedFields} fields, so building copies nothing when the guess is right. */
    public static Builder builder(int expectedFields) {
        return new Builder(expectedFields);
    }

    public static Builder builder() {
        return new Builder(8);
    }

    private static String requireText(String s) {
        if (s == null) {
            throw new NullPointerException("field name or value");
        }
        return s;
    }

    /**
     * The same fields as one byte array (for storing). Fields that did not come from the wire
     * stay flat: a name or value over 64 KiB (the decoder's limit is smaller) or with a character
     * beyond ISO-8859-1.
     */
    public Fields packed() {
        if (packed != null) {
            return this;
        }
        int total = 0;
        for (String s : pairs) {
            if (s.length() > 0xFFFF || !latin1(s)) {
                return this;
            }
            total += 2 + s.length();
        }
        byte[] out = new byte[total];
        int at = 0;
        for (String s : pairs) {
            out[at++] = (byte) (s.length() >>> 8);
            out[at++] = (byte) s.length();
            for (int i = 0; i < s.length(); i++) {
                out[at++] = (byte) s.charAt(i); // ISO-8859-1, checked above
            }
        }
        return new Fields(out, size);
    }

    private static boolean latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** Receives a packed field as positions in the packed array. */
    public interface PackedFieldConsumer {
        void accept(byte[] packed, int nameAt, int nameLength, int valueAt, int valueLength);
    }

    /**
     * Hands each field of the packed form over as ISO-8859-1 bytes in place, nothing copied;
     * returns false (and calls nothing) for the flat form.
     */
    public boolean forEachPacked(PackedFieldConsumer action) {
        if (packed == null) {
            return false;
        }
        int at = 0;
        for (int i = 0; i < size; i++) {
            int nameLength = u16(at);
            int nameAt = at + 2;
            at = nameAt + nameLength;
            int valueLength = u16(at);
            action.accept(packed, nameAt, nameLength, at + 2, valueLength);
            at += 2 + valueLength;
        }
        return true;
    }

    public int size() {
        return size;
    }

    /** Calls {@code action} with each name and value, in order. */
    public void forEach(BiConsumer<String, String> action) {
        if (pairs != null) {
            for (int i = 0; i < pairs.length; i += 2) {
                action.accept(pairs[i], pairs[i + 1]);
            }
            return;
        }
        int at = 0;
        for (int i = 0; i < size; i++) {
            int nameLength = u16(at);
            String name = text(at + 2, nameLength);
            at += 2 + nameLength;
            int valueLength = u16(at);
            action.accept(name, text(at + 2, valueLength));
            at += 2 + valueLength;
        }
    }

    public List<Map.Entry<String, String>> entries() {
        List<Map.Entry<String, String>> list = new ArrayList<>(size);
        forEach((name, value) -> list.add(new AbstractMap.SimpleImmutableEntry<>(name, value)));
        return List.copyOf(list);
    }

    /** The first value of the field, or null. */
    public String get(String name) {
        if (pairs != null) {
            for (int i = 0; i < pairs.length; i += 2) {
                if (pairs[i].equalsIgnoreCase(name)) {
                    return pairs[i + 1];
                }
            }
            return null;
        }
        int at = 0;
        for (int i = 0; i < size; i++) {
            int nameLength = u16(at);
            boolean match = nameMatches(at + 2, nameLength, name);
            at += 2 + nameLength;
            int valueLength = u16(at);
            if (match) {
                return text(at + 2, valueLength);
            }
            at += 2 + valueLength;
        }
        return null;
    }

    public List<String> getAll(String name) {
        List<String> values = new ArrayList<>(2);
        if (pairs != null) {
            for (int i = 0; i < pairs.length; i += 2) {
                if (pairs[i].equalsIgnoreCase(name)) {
                    values.add(pairs[i + 1]);
                }
            }
            return values;
        }
        forEachPacked((bytes, nameAt, nameLength, valueAt, valueLength) -> {
            if (nameMatches(nameAt, nameLength, name)) {
                values.add(text(valueAt, valueLength));
            }
        });
        return values;
    }

    /** All values of a list-valued field, split on commas and trimmed, lower case. */
    public List<String> tokens(String name) {
        List<String> tokens = new ArrayList<>();
        for (String value : getAll(name)) {
            for (String token : value.split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    tokens.add(t);
                }
            }
        }
        return tokens;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    /**
     * These fields updated by {@code newer} (RFC 9111 section 3.2): each field present in
     * {@code newer} replaces all stored values of that name, except Content-Length, which a 304 or
     * HEAD cannot speak for.
     */
    public Fields updatedBy(Fields newer) {
        Builder result = builder();
        forEach((name, value) -> {
            if (newer.get(name) == null || name.equalsIgnoreCase("content-length")) {
                result.add(name, value);
            }
        });
        newer.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length")) {
                result.add(name, value);
            }
        });
        return result.build();
    }

    /** Without the named fields. */
    public Fields without(String... names) {
        Builder result = builder();
        forEach((name, value) -> {
            for (String drop : names) {
                if (name.equalsIgnoreCase(drop)) {
                    return;
                }
            }
            result.add(name, value);
        });
        return result.build();
    }

    /** Approximate heap bytes held, for the memory tier's weigher. */
    int weight() {
        if (packed != null) {
            return 32 + packed.length;
        }
        int w = 32 + 4 * pairs.length;
        for (String s : pairs) {
            w += 40 + s.length();
        }
        return w;
    }

    private int u16(int at) {
        return (packed[at] & 0xFF) << 8 | (packed[at + 1] & 0xFF);
    }

    private String text(int at, int length) {
        return new String(packed, at, length, StandardCharsets.ISO_8859_1);
    }

    /** Compares a packed name with {@code name} ignoring ASCII case, without making a string. */
    private boolean nameMatches(int at, int length, String name) {
        if (length != name.length()) {
            return false; // one byte per character
        }
        for (int i = 0; i < length; i++) {
            int b = packed[at + i] & 0xFF;
            char c = name.charAt(i);
            if (b >= 0x80 || c >= 0x80) {
                return text(at, length).equalsIgnoreCase(name);
            }
            if (b != c && Character.toLowerCase((char) b) != Character.toLowerCase(c)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fields f && f.entries().equals(entries());
    }

    @Override
    public int hashCode() {
        return entries().hashCode();
    }

    @Override
    public String toString() {
        return entries().toString();
    }
}
