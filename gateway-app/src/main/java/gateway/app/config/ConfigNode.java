package gateway.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One mapping of the YAML config, read key by key with its path known.
 *
 * <p>Readers never throw on bad input: each problem is recorded in the shared {@link ConfigErrors}
 * with its full key path and a default is returned, so one pass reports every error. Call
 * {@link #finish()} after reading a mapping: keys nobody asked for are reported as unknown.
 */
public final class ConfigNode {
  private final String path;
  private final JsonNode node;
  private final ConfigErrors errors;
  private final Set<String> read = new LinkedHashSet<>();

  private ConfigNode(String path, JsonNode node, ConfigErrors errors) {
    this.path = path;
    this.node = node;
    this.errors = errors;
  }

  static ConfigNode root(JsonNode node, ConfigErrors errors) {
    ConfigNode root = new ConfigNode("", node == null || node.isNull() ? empty() : node, errors);
    if (!root.node.isObject()) {
      errors.add("", "the config must be a mapping of sections (lan, admin, dns, ...)");
      return new ConfigNode("", empty(), errors);
    }
    return root;
  }

  private static JsonNode empty() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** The full key path of {@code key} in this mapping, for messages. */
  public String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public String path() {
    return path;
  }

  public boolean has(String key) {
    read.add(key);
    JsonNode value = node.get(key);
    return value != null && !value.isNull();
  }

  /** The nested mapping under {@code key}; an absent key reads as an empty mapping. */
  public ConfigNode object(String key) {
    read.add(key);
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return new ConfigNode(pathOf(key), empty(), errors);
    }
    if (!value.isObject()) {
      error(key, "must be a mapping, not " + describe(value));
      return new ConfigNode(pathOf(key), empty(), errors);
    }
    return new ConfigNode(pathOf(key), value, errors);
  }

  public Optional<String> optString(String key) {
    read.add(key);
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isValueNode() || value.isBinary()) {
      error(key, "must be a single value, not " + describe(value));
      return Optional.empty();
    }
    return Optional.of(value.asText());
  }

  public String string(String key, String fallback) {
    return optString(key).orElse(fallback);
  }

  /** A required value: its absence is an error. */
  public Optional<String> required(String key) {
    boolean present = node.get(key) != null && !node.get(key).isNull();
    Optional<String> value = optString(key);
    if (!present) {
      error(key, "is required");
    }
    return value;
  }

  public boolean bool(String key, boolean fallback) {
    read.add(key);
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      error(key, "must be true or false, not " + describe(value));
      return fallback;
    }
    return value.booleanValue();
  }

  public int integer(String key, int fallback, int min, int max) {
    read.add(key);
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      error(key, "must be a whole number, not " + describe(value));
      return fallback;
    }
    int n = value.intValue();
    if (n < min || n > max) {
      error(key, n + " is out of range " + min + ".." + max);
      return fallback;
    }
    return n;
  }

  /** A duration written as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h} or {@code 7d}. */
  public Duration duration(String key, Duration fallback) {
    return parse(key, fallback, Durations::parse);
  }

  /** A byte size written as {@code 512}, {@code 64k}, {@code 10M} or {@code 2G} (powers of 1024). */
  public long bytes(String key, long fallback) {
    return parse(key, fallback, ByteSizes::parse);
  }

  /**
   * A scalar turned into a value by {@code parser}; an {@link IllegalArgumentException} from the
   * parser becomes an error at this key, with its message as the reason.
   */
  public <T> T parse(String key, T fallback, Function<String, T> parser) {
    Optional<String> raw = optString(key);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      return parser.apply(raw.get().trim());
    } catch (IllegalArgumentException e) {
      error(key, e.getMessage());
      return fallback;
    }
  }

  /** A list of scalars, each parsed; a single scalar is accepted as a list of one. */
  public <T> List<T> list(String key, List<T> fallback, Function<String, T> parser) {
    read.add(key);
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    List<T> out = new ArrayList<>();
    if (value.isValueNode()) {
      parseInto(pathOf(key), value.asText(), parser, out);
      return List.copyOf(out);
    }
    if (!value.isArray()) {
      error(key, "must be a list, not " + describe(value));
      return fallback;
    }
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      String itemPath = pathOf(key) + "[" + i + "]";
      if (!item.isValueNode() || item.isNull()) {
        errors.add(itemPath, "must be a single value, not " + describe(item));
        continue;
      }
      parseInto(itemPath, item.asText(), parser, out);
    }
    return List.copyOf(out);
  }

  private <T> void parseInto(String itemPath, String raw, Function<String, T> parser, List<T> out) {
    try {
      out.add(parser.apply(raw.trim()));
    } catch (IllegalArgumentException e) {
      errors.add(itemPath, e.getMessage());
    }
  }

  /** A list of mappings, each returned as a node whose path carries its index. */
  public List<ConfigNode> objects(String key) {
    read.add(key);
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      error(key, "must be a list of mappings, not " + describe(value));
      return List.of();
    }
    List<ConfigNode> out = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      String itemPath = pathOf(key) + "[" + i + "]";
      if (!item.isObject()) {
        errors.add(itemPath, "must be a mapping, not " + describe(item));
        continue;
      }
      out.add(new ConfigNode(itemPath, item, errors));
    }
    return out;
  }

  /** Records a problem with {@code key} of this mapping. */
  public void error(String key, String reason) {
    errors.add(pathOf(key), reason);
  }

  /** Reports every key of this mapping that no reader asked for. */
  public void finish() {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!read.contains(name)) {
        errors.add(pathOf(name), "unknown key" + suggestion(name));
      }
    }
  }

  private String suggestion(String name) {
    String normalized = name.replace('-', '_').toLowerCase(java.util.Locale.ROOT);
    for (String known : read) {
      if (!known.equals(name) && known.equals(normalized)) {
        return " (did you mean '" + known + "'?)";
      }
    }
    return read.isEmpty() ? "" : " (known keys: " + String.join(", ", read) + ")";
  }

  private static String describe(JsonNode value) {
    if (value.isObject()) {
      return "a mapping";
    }
    if (value.isArray()) {
      return "a list";
    }
    return "'" + value.asText() + "'";
  }
}
