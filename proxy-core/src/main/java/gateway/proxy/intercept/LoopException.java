package gateway.proxy.intercept;

/** The target is this proxy itself: forwarding would loop. */
public final class LoopException extends TargetException {
    public LoopException(String message) {
        super(message);
    }
}
