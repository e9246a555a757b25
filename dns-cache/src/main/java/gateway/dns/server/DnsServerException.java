package gateway.dns.server;

/** The server could not start; the message names the address and the likely fix. */
public final class DnsServerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DnsServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
