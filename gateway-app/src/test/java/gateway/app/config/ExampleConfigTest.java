package gateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The documented example config must load, and must set every option the gateway knows. */
class ExampleConfigTest {
  private static Path example() {
    String prop = System.getProperty("gateway.example.config");
    Path p = prop != null ? Path.of(prop) : Path.of("../docs/gateway.example.yaml");
    assertThat(p).as("the example config docs/gateway.example.yaml").exists();
    return p;
  }

  @Test
  void exampleLoads() {
    GatewayConfig config = ConfigLoader.load(example());
    assertThat(config.lan().interfaceName()).isEqualTo("lan0");
  }

  @Test
  void exampleCoversEveryOption() throws Exception {
    GatewayConfig config = ConfigLoader.load(example());
    JsonNode written = new YAMLMapper().readTree(Files.readString(example()));
    List<String> missing = new ArrayList<>();
    collectMissing("", config.describe(), written, missing);
    assertThat(missing).as("options the example config does not show").isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static void collectMissing(String prefix, Map<String, Object> effective, JsonNode written,
      List<String> missing) {
    for (Map.Entry<String, Object> e : effective.entrySet()) {
      String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      JsonNode node = written == null ? null : written.get(e.getKey());
      if (node == null) {
        missing.add(path);
      } else if (e.getValue() instanceof Map<?, ?> nested) {
        collectMissing(path, (Map<String, Object>) nested, node, missing);
      }
    }
  }
}
