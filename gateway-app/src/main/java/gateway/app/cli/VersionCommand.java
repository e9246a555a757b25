package gateway.app.cli;

import gateway.app.GatewayVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gateway version}: prints the suite's version and the Java runtime. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version.")
final class VersionCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println("gateway " + GatewayVersion.current()
        + " (Java " + System.getProperty("java.version") + ", "
        + (gateway.app.wiring.EventLoops.epollAvailable() ? "epoll" : "nio") + ")");
    return ExitCodes.OK;
  }
}
