package gateway.app.lifecycle;

/** Where a service is in its life; {@code /health} answers 200 only when every service is {@link #UP}. */
public enum ServiceState {
  NEW, STARTING, UP, STOPPING, STOPPED, FAILED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
