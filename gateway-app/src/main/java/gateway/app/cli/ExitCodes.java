package gateway.app.cli;

/** The exit codes every command uses. */
public final class ExitCodes {
  public static final int OK = 0;
  /** The gateway or the command failed while running. */
  public static final int RUNTIME_FAILURE = 1;
  /** Bad command line or bad config: nothing was started. */
  public static final int USAGE_OR_CONFIG = 2;

  private ExitCodes() {}
}
