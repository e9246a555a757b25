package gateway.app.net;

/** A step of applying or reverting the netfilter/routing setup failed; the message names the step. */
public final class NetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NetException(String message) {
    super(message);
  }

  public NetException(String message, Throwable cause) {
    super(message, cause);
  }
}
