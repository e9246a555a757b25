package gateway.proxy.cache;

import java.util.Set;

/** Whether a response may be stored by a shared cache (RFC 9111 section 3), plus this cache's own limits. */
public final class Storability {
    /** Final statuses this cache understands and stores (RFC 9111 section 3, second bullet). */
    private static final Set<Integer> STORED_STATUSES = Set.of(200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501);

    private Storability() {
    }

    /** Why a response is not stored, or null when it may be. */
    public static String refusal(String method, Fields request, int status, Fields response) {
        if (!method.equals("GET")) {
            return "method " + method;
        }
        if (!STORED_STATUSES.contains(status)) {
            return "status " + status;
        }
        CacheControl req = CacheControl.parse(request);
        CacheControl res = CacheControl.parse(response);
        if (req.has("no-store") || res.has("no-store")) {
            return "no-store"; // 5.2.1.5, 5.2.2.5
        }
        if (res.has("private")) {
            return "private"; // 5.2.2.7: a shared cache must not store it
        }
        if (request.contains("Authorization")
                && !(res.has("must-revalidate") || res.has("public") || res.has("s-maxage"))) {
            return "Authorization"; // 3.5
        }
        if (response.contains("Set-Cookie")) {
            return "Set-Cookie"; // one client's cookie must not reach another
        }
        if (response.tokens("Vary").contains("*")) {
            return "Vary: *"; // 4.1: never matches
        }
        boolean explicit = res.has("public") || res.has("max-age") || res.has("s-maxage") || response.contains("Expires");
        boolean validators = response.contains("ETag") || response.contains("Last-Modified");
        if (!explicit && !validators) {
            return "no freshness information and no validator";
        }
        return null;
    }
}
