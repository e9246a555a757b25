package gateway.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a YAML config file into a {@link GatewayConfig}, validating it as a whole.
 *
 * <p>Every section is read even after an error, so the {@link ConfigException} lists every
 * problem at once, each with its key path. Unknown keys are errors: a typo must not silently
 * leave a default in place.
 */
public final class ConfigLoader {
  /** Config files larger than this are refused: a config is a page of YAML, not a data set. */
  static final long MAX_CONFIG_BYTES = 1 << 20;

  private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory()).build();

  private ConfigLoader() {}

  public static GatewayConfig load(Path file) {
    String text;
    try {
      if (Files.size(file) > MAX_CONFIG_BYTES) {
        throw new ConfigException(file.toString(), List.of("file is larger than 1 MiB"));
      }
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), List.of("file not found"));
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of("cannot read: " + e.getMessage()));
    }
    return parse(text, file.toString());
  }

  public static GatewayConfig parse(String yaml, String source) {
    JsonNode tree;
    try {
      tree = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new ConfigException(source, List.of("not valid YAML" + where + ": " + e.getOriginalMessage()));
    }
    ConfigErrors errors = new ConfigErrors();
    ConfigNode root = ConfigNode.root(tree, errors);
    if (!root.has("lan")) {
      root.error("lan", "is required: it defines the LAN every service serves (interface, address, subnet)");
    }
    LanConfig lan = LanConfig.read(root.object("lan"));
    AdminConfig admin = AdminConfig.read(root.object("admin"));
    java.nio.file.Path dataDir = root.parse("data_dir", GatewayConfig.DEFAULT_DATA_DIR, ConfigLoader::absolutePath);
    DnsSection dns = DnsSection.read(root.object("dns"), lan);
    DhcpSection dhcp = DhcpSection.read(root.object("dhcp"), lan);
    ProxySection proxy = ProxySection.read(root.object("proxy"), lan);
    SmtpSection smtp = SmtpSection.read(root.object("smtp"), lan);
    NetSection net = NetSection.read(root.object("net"));
    root.finish();
    errors.throwIfAny(source);
    return new GatewayConfig(source, false, lan, admin, dataDir, dns, dhcp, proxy, smtp, net);
  }

  private static Path absolutePath(String text) {
    Path p = Path.of(text);
    if (!p.isAbsolute()) {
      throw new IllegalArgumentException("'" + text + "' must be an absolute path");
    }
    return p;
  }

  /** The effective config as YAML, in the file's own shape, so it can be read back. */
  public static String toYaml(GatewayConfig config) {
    try {
      return YAML.writeValueAsString(config.describe());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print the config", e);
    }
  }

  /** JSON for the admin endpoint and tests. */
  static final ObjectMapper JSON = JsonMapper.builder().build();
}
