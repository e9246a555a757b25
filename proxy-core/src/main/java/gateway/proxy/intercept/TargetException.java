package gateway.proxy.intercept;

/** The request names no target this proxy can serve; the message says why. */
public class TargetException extends Exception {
    public TargetException(String message) {
        super(message, null, false, false);
    }
}
