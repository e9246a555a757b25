package gateway.app.cli;

import gateway.app.config.ConfigLoader;
import gateway.app.config.GatewayConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gateway config check FILE}: validates a config and prints it with every default filled in. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with config files.",
    subcommands = ConfigCommand.Check.class)
final class ConfigCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Validate FILE; print the effective config (defaults filled in). Exit 2 listing every error.")
  static final class Check implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The config file to check.")
    Path file;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      GatewayConfig config = ConfigLoader.load(file); // a ConfigException is mapped to exit 2
      spec.commandLine().getOut().print("# " + file + ": OK\n" + ConfigLoader.toYaml(config));
      return ExitCodes.OK;
    }
  }
}
