package gateway.app.admin;

import gateway.app.GatewayVersion;
import java.util.Map;
import javax.inject.Inject;

/** {@code GET /version}: the running gateway's version and Java runtime. */
public final class VersionRoute implements AdminRoute {
  @Inject
  public VersionRoute() {}

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return "/version";
  }

  @Override
  public AdminResponse handle(AdminRequest request) {
    return AdminResponse.json(200, Map.of(
        "version", GatewayVersion.current(),
        "java", System.getProperty("java.version")));
  }
}
