package gateway.app;

import gateway.app.cli.Cli;
import picocli.CommandLine;

/** Entry point of the fat jar: {@code java -jar gateway.jar COMMAND ...}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CommandLine cli = Cli.create();
    int exit = cli.execute(args);
    // picocli's writers flush on println only; System.exit would drop a trailing print()
    cli.getOut().flush();
    cli.getErr().flush();
    System.exit(exit);
  }
}
