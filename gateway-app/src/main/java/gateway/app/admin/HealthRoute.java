package gateway.app.admin;

import gateway.app.lifecycle.ManagedService;
import gateway.app.lifecycle.ServiceRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.inject.Inject;
import javax.inject.Provider;

/** {@code GET /health}: each enabled service and its state; 200 only when all are up, else 503. */
public final class HealthRoute implements AdminRoute {
  // a Provider: the registry holds the admin server, which holds this route
  private final Provider<ServiceRegistry> registry;

  @Inject
  public HealthRoute(Provider<ServiceRegistry> registry) {
    this.registry = registry;
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return "/health";
  }

  @Override
  public AdminResponse handle(AdminRequest request) {
    Map<String, String> services = new LinkedHashMap<>();
    ServiceRegistry all = registry.get();
    for (ManagedService s : all.inStartOrder()) {
      services.put(s.name(), s.state().label());
    }
    boolean up = all.allUp();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "up" : "down");
    body.put("services", services);
    return AdminResponse.json(up ? 200 : 503, body);
  }
}
