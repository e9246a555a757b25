package gateway.app.wiring;

import gateway.app.admin.AdminRoute;
import gateway.app.config.GatewayConfig;
import java.util.Set;

/** Lets tests in other packages build the dns service and its routes as DnsModule does. */
public final class DnsTestAccess {
  private final GatewayConfig config;
  private final DnsService service;

  public DnsTestAccess(GatewayConfig config, EventLoops loops) {
    this.config = config;
    this.service = DnsModule.dnsService(config, loops);
  }

  public DnsService service() {
    return service;
  }

  public Set<AdminRoute> routes() {
    return DnsModule.dnsRoutes(config, () -> service);
  }
}
