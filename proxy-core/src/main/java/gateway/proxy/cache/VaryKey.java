package gateway.proxy.cache;

import java.util.Map;
import java.util.TreeMap;

/** The secondary cache key of RFC 9111 section 4.1: the request's values of the fields a response varies on. */
public final class VaryKey {
    private VaryKey() {
    }

    /** The request values (normalised: whitespace collapsed, values joined) for each name in Vary. */
    public static Map<String, String> of(Fields response, Fields request) {
        Map<String, String> values = new TreeMap<>();
        for (String name : response.tokens("Vary")) {
            values.put(name, normalise(request, name));
        }
        return values;
    }

    /** Whether a stored response's secondary key matches this request. */
    public static boolean matches(Map<String, String> stored, Fields request) {
        for (Map.Entry<String, String> e : stored.entrySet()) {
            if (!e.getValue().equals(normalise(request, e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static String normalise(Fields request, String name) {
        return String.join(",", request.getAll(name)).trim().replaceAll("\\s*,\\s*", ",").replaceAll("\\s+", " ");
    }
}
