package gateway.app;

import gateway.app.cli.Cli;

/** Entry point of the fat jar: {@code java -jar gateway.jar COMMAND ...}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(Cli.create().execute(args));
  }
}
