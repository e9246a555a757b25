package gateway.proxy.cache;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which stored URLs an unsafe request's response invalidates (RFC 9111 section 4.4): the target
 * URI, and Location and Content-Location when they share its origin, after a 2xx or 3xx.
 */
public final class Invalidation {
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private Invalidation() {
    }

    public static List<String> targets(String method, String url, int status, Fields response) {
        List<String> targets = new ArrayList<>();
        if (SAFE.contains(method) || status < 200 || status >= 400) {
            return targets;
        }
        targets.add(url);
        for (String field : List.of("Location", "Content-Location")) {
            String value = response.get(field);
            if (value == null) {
                continue;
            }
            try {
                URI base = URI.create(url);
                URI resolved = base.resolve(value.trim());
                if (sameOrigin(base, resolved)) {
                    targets.add(resolved.toString());
                }
            } catch (IllegalArgumentException e) {
                // an unparseable Location invalidates nothing more
            }
        }
        return targets;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() == -1 ? 80 : u.getPort();
    }
}
