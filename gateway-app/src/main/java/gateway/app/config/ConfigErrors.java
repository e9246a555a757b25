package gateway.app.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem found in a config, each as {@code key.path: reason}, so all are reported at once. */
public final class ConfigErrors {
  private final List<String> messages = new ArrayList<>();

  void add(String path, String reason) {
    messages.add((path.isEmpty() ? "(top level)" : path) + ": " + reason);
  }

  public boolean isEmpty() {
    return messages.isEmpty();
  }

  public List<String> messages() {
    return List.copyOf(messages);
  }

  /** Throws a {@link ConfigException} listing every collected error, if there is any. */
  void throwIfAny(String source) {
    if (!messages.isEmpty()) {
      throw new ConfigException(source, messages);
    }
  }
}
