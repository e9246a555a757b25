package gateway.proxy.policy;

import gateway.proxy.codec.SmugglingException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;

/**
 * The one place that maps failures to HTTP answers: 400 malformed or smuggling-shaped requests
 * (closing the connection), 414 and 431 oversize heads, 502 refused or broken upstreams, 504
 * upstream timeouts, 508 loops, 403 refused targets, 408 slow request heads.
 */
public final class Failures {
    private Failures() {
    }

    /** A request the decoder could not read. Always closes: the next request's start is unknown. */
    public static ProxyFailure malformedRequest(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return new ProxyFailure(431, "request header fields too large", true);
        }
        if (cause instanceof TooLongHttpLineException) {
            return new ProxyFailure(414, "request line too long", true);
        }
        if (cause instanceof TooLongFrameException) {
            return new ProxyFailure(431, "request head too large", true);
        }
        if (cause instanceof SmugglingException) {
            return new ProxyFailure(400, "ambiguous request framing: " + cause.getMessage(), true);
        }
        return new ProxyFailure(400, "malformed request: " + oneLine(cause), true);
    }

    /** The request was well-formed but names no usable target. */
    public static ProxyFailure badTarget(String why) {
        return new ProxyFailure(400, why, true);
    }

    /** The upstream's response head could not be decoded. */
    public static ProxyFailure malformedResponse(Throwable cause, String target) {
        return new ProxyFailure(502, "upstream " + target + " sent a malformed response: " + cause.getMessage(), false);
    }

    /** The upstream connection could not be made or broke before a response started. */
    public static ProxyFailure upstream(Throwable cause, String target) {
        if (cause instanceof ConnectTimeoutException) {
            return new ProxyFailure(504, "upstream connect to " + target + " timed out", false);
        }
        if (cause instanceof UpstreamTimeoutException) {
            return new ProxyFailure(504, "upstream " + target + " sent no response in time", false);
        }
        if (cause instanceof UnknownHostException) {
            return new ProxyFailure(502, "cannot resolve upstream host " + target, false);
        }
        if (cause instanceof NoRouteToHostException) {
            return new ProxyFailure(502, "no route to upstream " + target, false);
        }
        if (cause instanceof ConnectException && String.valueOf(cause.getMessage()).contains("refused")) {
            return new ProxyFailure(502, "upstream " + target + " refused the connection", false);
        }
        if (cause instanceof ClosedChannelException) {
            return new ProxyFailure(502, "upstream " + target + " closed the connection before responding", false);
        }
        return new ProxyFailure(502, "upstream " + target + " failed: " + oneLine(cause), false);
    }

    /** A request that would reach the proxy itself again. */
    public static ProxyFailure loop(String why) {
        return new ProxyFailure(508, "forwarding loop detected: " + why, true);
    }

    /** A target the configuration does not allow. */
    public static ProxyFailure forbidden(String why) {
        return new ProxyFailure(403, why, false);
    }

    /** The client took too long to send its request head. */
    public static ProxyFailure slowRequestHead() {
        return new ProxyFailure(408, "request head not received in time", true);
    }

    private static String oneLine(Throwable t) {
        String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return text.replaceAll("[\\r\\n]+", " ");
    }
}
