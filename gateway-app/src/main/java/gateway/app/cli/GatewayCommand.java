package gateway.app.cli;

import gateway.app.GatewayVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code gateway} command. Adding a command is one class plus one entry in
 * {@code subcommands} below.
 */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    versionProvider = GatewayCommand.Version.class,
    description = "Home and small-office gateway: transparent caching HTTP proxy, DHCP, DNS cache, SMTP relay.",
    subcommands = {
        RunCommand.class,
        ConfigCommand.class,
        VersionCommand.class,
        NetCommands.class,
        DnsCommands.class,
        ProxyCommands.class,
        DhcpCommands.class,
        SmtpCommands.Mailq.class,
        SmtpCommands.Mail.class,
    })
public final class GatewayCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"gateway " + GatewayVersion.current()};
    }
  }
}
