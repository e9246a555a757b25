package gateway.app.cli;

import gateway.app.config.ConfigException;
import gateway.app.lifecycle.Lifecycle;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Builds the command line with the project's exit codes and error printing. */
public final class Cli {
  private Cli() {}

  public static CommandLine create() {
    CommandLine cli = new CommandLine(new GatewayCommand());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      if (e instanceof ConfigException) {
        err.println(e.getMessage());
        return ExitCodes.USAGE_OR_CONFIG;
      }
      if (e instanceof Lifecycle.StartException || e instanceof CommandFailure
          || e instanceof gateway.app.net.NetException) {
        err.println(e.getMessage());
        return ExitCodes.RUNTIME_FAILURE;
      }
      err.println("gateway: " + e);
      e.printStackTrace(err);
      return ExitCodes.RUNTIME_FAILURE;
    });
    cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException
        ? ExitCodes.USAGE_OR_CONFIG : ExitCodes.RUNTIME_FAILURE);
    return cli;
  }

  /** A command that failed for a reason it already explained in its message (exit 1, no stack trace). */
  public static final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandFailure(String message) {
      super(message);
    }
  }
}
