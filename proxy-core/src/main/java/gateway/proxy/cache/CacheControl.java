package gateway.proxy.cache;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/** Parsed Cache-Control directives (RFC 9111 section 5.2); unknown directives are kept and ignored. */
public record CacheControl(Map<String, String> directives) {
    public CacheControl {
        directives = Map.copyOf(directives);
    }

    private static final CacheControl NONE = new CacheControl(Map.of());

    /** Parses every Cache-Control field of the message; quoted values lose their quotes. */
    public static CacheControl parse(Fields fields) {
        List<String> values = fields.getAll("Cache-Control");
        if (values.isEmpty()) {
            return NONE;
        }
        Map<String, String> map = new HashMap<>();
        for (String value : values) {
            for (String part : splitOutsideQuotes(value)) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                String name = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                String arg = eq < 0 ? "" : p.substring(eq + 1).trim();
                if (arg.length() >= 2 && arg.startsWith("\"") && arg.endsWith("\"")) {
                    arg = arg.substring(1, arg.length() - 1);
                }
                map.putIfAbsent(name, arg);
            }
        }
        return new CacheControl(map);
    }

    public boolean has(String directive) {
        return directives.containsKey(directive);
    }

    /**
     * A delta-seconds argument (RFC 9111 section 1.2.2); empty when absent or invalid. An invalid
     * value of a freshness directive counts as stale, which callers get by treating it as 0.
     */
    public OptionalLong seconds(String directive) {
        String value = directives.get(directive);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (!digits(value)) {
            return OptionalLong.of(0);
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.of(Integer.MAX_VALUE); // overflow: "as large as possible" (1.2.2)
        }
    }

    private static boolean digits(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static java.util.List<String> splitOutsideQuotes(String value) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
