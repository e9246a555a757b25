package gateway.proxy.codec;

/**
 * A request whose framing could be read two ways (RFC 9112 section 6.3, 5.2, 7.1); the connection
 * must be closed after the 400 because where the next request starts is unknown.
 */
public final class SmugglingException extends IllegalArgumentException {
    public SmugglingException(String message) {
        super(message);
    }
}
