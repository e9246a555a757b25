package gateway.app.config;

import java.util.List;

/** A config that cannot be used; carries every error found, each naming its key path. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<String> errors;

  public ConfigException(String source, List<String> errors) {
    super(source + ": " + errors.size() + (errors.size() == 1 ? " error" : " errors") + "\n  "
        + String.join("\n  ", errors));
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }
}
