package gateway.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The suite's version, as the build stamped it. */
public final class GatewayVersion {
  private GatewayVersion() {}

  public static String current() {
    Properties p = new Properties();
    try (InputStream in = GatewayVersion.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("version", "unknown");
  }
}
