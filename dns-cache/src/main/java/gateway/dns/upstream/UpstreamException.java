package gateway.dns.upstream;

/** An upstream exchange failed: timeout, I/O error, unusable rcode, or every server failed. */
public final class UpstreamException extends Exception {
  private static final long serialVersionUID = 1L;

  public UpstreamException(String message) {
    super(message, null, false, false); // expected on every timeout: no stack trace needed
  }
}
