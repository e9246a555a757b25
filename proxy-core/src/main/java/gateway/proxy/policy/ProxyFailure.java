package gateway.proxy.policy;

import java.util.Objects;

/**
 * An HTTP answer the proxy gives itself instead of an origin's.
 *
 * @param status the status code
 * @param cause  one short line naming the cause; it becomes the response body
 * @param close  whether the client connection must be closed after the answer (framing unknown)
 */
public record ProxyFailure(int status, String cause, boolean close) {
    public ProxyFailure {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        Objects.requireNonNull(cause, "cause");
        if (cause.indexOf('\n') >= 0 || cause.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("cause must be one line");
        }
    }
}
