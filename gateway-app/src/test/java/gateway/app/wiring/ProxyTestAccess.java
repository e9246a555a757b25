package gateway.app.wiring;

import gateway.app.admin.AdminRoute;
import gateway.app.config.GatewayConfig;
import java.util.Set;

/** Lets tests in other packages build the proxy service and its routes as ProxyModule does. */
public final class ProxyTestAccess {
  private final GatewayConfig config;
  private final ProxyService service;

  public ProxyTestAccess(GatewayConfig config, EventLoops loops) {
    this.config = config;
    this.service = ProxyModule.proxyService(config, loops);
  }

  public ProxyService service() {
    return service;
  }

  public Set<AdminRoute> routes() {
    return ProxyModule.proxyRoutes(config, () -> service);
  }
}
