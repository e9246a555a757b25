package gateway.proxy.metrics;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One finished request, as written to the access log.
 *
 * @param time     when the request head was received
 * @param client   the client's address
 * @param method   request method
 * @param url      absolute URL (or host:port for CONNECT)
 * @param status   status sent to the client (0 if none was sent)
 * @param cache    the cache's part
 * @param bytes    response body bytes sent to the client
 * @param duration from request head to the end of the response
 */
public record AccessRecord(Instant time, InetSocketAddress client, String method, String url, int status,
        CacheResult cache, long bytes, Duration duration) {
    public AccessRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(duration, "duration");
        if (bytes < 0) {
            throw new IllegalArgumentException("negative bytes");
        }
    }

    /**
     * One line: time client method url status cache bytes duration-ms. IPv6 clients are written
     * RFC 5952 style in brackets ({@code [2001:db8::11]:5000}); URL whitespace and controls escaped.
     */
    public String toLogLine() {
        String address = io.netty.util.NetUtil.toAddressString(client.getAddress());
        String who = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
        return time + " " + who + ":" + client.getPort() + " " + method + " "
                + oneWord(url) + " " + status + " " + cache + " " + bytes + " "
                + duration.toMillis() + "ms";
    }

    /** The URL with whitespace and control characters as %20, so it stays one field of one line. */
    private static String oneWord(String url) {
        StringBuilder escaped = null;
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            boolean breaks = Character.isWhitespace(c) || Character.isISOControl(c);
            if (breaks && escaped == null) {
                escaped = new StringBuilder(url.length() + 8).append(url, 0, i);
            }
            if (breaks && escaped != null) {
                escaped.append("%20");
            } else if (escaped != null) {
                escaped.append(c);
            }
        }
        return escaped == null ? url : escaped.toString();
    }
}
