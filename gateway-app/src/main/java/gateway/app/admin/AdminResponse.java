package gateway.app.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/** An answer of the admin endpoint. */
public record AdminResponse(int status, String contentType, byte[] body) {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  public AdminResponse {
    body = body.clone();
  }

  /** {@code value} (maps, lists, records, strings, numbers) as JSON. */
  public static AdminResponse json(int status, Object value) {
    try {
      return new AdminResponse(status, "application/json", (JSON.writeValueAsString(value) + "\n")
          .getBytes(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      return text(500, "cannot encode the answer: " + e.getOriginalMessage());
    }
  }

  public static AdminResponse text(int status, String text) {
    return new AdminResponse(status, "text/plain; charset=utf-8",
        (text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
