package gateway.proxy.codec;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Removes hop-by-hop fields before a message is forwarded (RFC 9110 section 7.6.1): the fields
 * named in Connection, and Connection, Keep-Alive, Proxy-Connection, TE, Trailer, Upgrade and the
 * proxy credentials meant for us. Transfer-Encoding stays: bodies are streamed, and Netty's
 * encoders frame each message by what its headers say.
 */
public final class HopByHop {
    private static final List<CharSequence> ALWAYS = List.of(HttpHeaderNames.CONNECTION,
            HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_CONNECTION, HttpHeaderNames.TE,
            HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE, HttpHeaderNames.PROXY_AUTHORIZATION,
            HttpHeaderNames.PROXY_AUTHENTICATE);

    private HopByHop() {
    }

    /** Strips the hop-by-hop fields in place. */
    public static void strip(HttpHeaders headers) {
        List<String> named = new ArrayList<>();
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    named.add(name);
                }
            }
        }
        for (String name : named) {
            headers.remove(name);
        }
        for (CharSequence name : ALWAYS) {
            headers.remove(name);
        }
    }

    /** Whether the message asks to switch protocols (Connection: upgrade plus an Upgrade field). */
    public static boolean isUpgrade(HttpHeaders headers) {
        return headers.contains(HttpHeaderNames.UPGRADE)
                && headers.containsValue(HttpHeaderNames.CONNECTION, "upgrade", true);
    }
}
