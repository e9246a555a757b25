package gateway.app.admin;

import java.util.Map;
import java.util.Optional;

/** A request to the admin endpoint: its query parameters and (for POST) its body. */
public record AdminRequest(Map<String, String> query, byte[] body) {
  public AdminRequest {
    query = Map.copyOf(query);
    body = body.clone();
  }

  public Optional<String> param(String name) {
    return Optional.ofNullable(query.get(name));
  }
}
