package gateway.app.cli;

import gateway.app.config.ConfigLoader;
import gateway.app.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} option every command shares, and where the config comes from when it
 * is absent: {@code $GATEWAY_CONFIG}, then {@code /etc/gateway/gateway.yaml} if it exists, else the
 * built-in loopback-only defaults.
 */
public final class ConfigOption {
  static final Path SYSTEM_CONFIG = Path.of("/etc/gateway/gateway.yaml");
  /** The loopback mode keeps its state here, relative to the working directory: visible, no root needed. */
  static final Path LOOPBACK_DATA_DIR = Path.of("gateway-data");

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Config file (default: $GATEWAY_CONFIG, else /etc/gateway/gateway.yaml if it exists,"
          + " else loopback-only defaults).")
  Path file;

  /** The file to read, if any. */
  Optional<Path> location() {
    if (file != null) {
      return Optional.of(file);
    }
    String env = System.getenv("GATEWAY_CONFIG");
    if (env != null && !env.isBlank()) {
      return Optional.of(Path.of(env));
    }
    return Files.exists(SYSTEM_CONFIG) ? Optional.of(SYSTEM_CONFIG) : Optional.empty();
  }

  /** Loads and validates the config; throws {@link gateway.app.config.ConfigException} listing every error. */
  public GatewayConfig load() {
    return location().map(ConfigLoader::load)
        .orElseGet(() -> GatewayConfig.loopback(LOOPBACK_DATA_DIR.toAbsolutePath()));
  }
}
