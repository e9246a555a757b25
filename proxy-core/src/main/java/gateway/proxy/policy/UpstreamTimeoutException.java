package gateway.proxy.policy;

/** The upstream accepted the request but sent no response head in time. */
public final class UpstreamTimeoutException extends RuntimeException {
    public UpstreamTimeoutException(String message) {
        super(message, null, false, false);
    }
}
