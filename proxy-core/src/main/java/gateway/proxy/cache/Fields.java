package gateway.proxy.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** An immutable, ordered list of header fields with case-insensitive lookup (RFC 9110 section 5). */
public final class Fields {
    private final List<Map.Entry<String, String>> entries;

    private Fields(List<Map.Entry<String, String>> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Fields of(List<Map.Entry<String, String>> entries) {
        return new Fields(entries);
    }

    /** Pairs: name, value, name, value... */
    public static Fields of(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("pairs must be name, value...");
        }
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            list.add(Map.entry(pairs[i], pairs[i + 1]));
        }
        return new Fields(list);
    }

    public List<Map.Entry<String, String>> entries() {
        return entries;
    }

    /** The first value of the field, or null. */
    public String get(String name) {
        for (Map.Entry<String, String> e : entries) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    public List<String> getAll(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> e : entries) {
            if (e.getKey().equalsIgnoreCase(name)) {
                values.add(e.getValue());
            }
        }
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
        List<Map.Entry<String, String>> result = new ArrayList<>();
        for (Map.Entry<String, String> e : entries) {
            if (newer.get(e.getKey()) == null || e.getKey().equalsIgnoreCase("content-length")) {
                result.add(e);
            }
        }
        for (Map.Entry<String, String> e : newer.entries) {
            if (!e.getKey().equalsIgnoreCase("content-length")) {
                result.add(e);
            }
        }
        return new Fields(result);
    }

    /** Without the named fields. */
    public Fields without(String... names) {
        List<Map.Entry<String, String>> result = new ArrayList<>();
        outer:
        for (Map.Entry<String, String> e : entries) {
            for (String name : names) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    continue outer;
                }
            }
            result.add(e);
        }
        return new Fields(result);
    }

    /** Approximate heap bytes held (strings, entry objects), for the memory tier's weigher. */
    int weight() {
        int w = 64;
        for (Map.Entry<String, String> e : entries) {
            w += 2 * (e.getKey().length() + e.getValue().length()) + 112;
        }
        return w;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fields f && f.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entries);
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
