package gateway.proxy.intercept;

/** The target is well-formed but the configuration does not allow it. */
public final class ForbiddenTargetException extends TargetException {
    public ForbiddenTargetException(String message) {
        super(message);
    }
}
