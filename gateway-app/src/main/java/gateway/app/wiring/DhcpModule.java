package gateway.app.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import gateway.app.admin.AdminRoute;
import gateway.app.config.GatewayConfig;
import gateway.app.lifecycle.ManagedService;
import gateway.dhcp.lease.LeaseListener;
import java.util.Set;
import javax.inject.Provider;
import javax.inject.Singleton;

/** Binds the DHCP server and its admin routes; off unless the config enables it with a pool. */
@Module
public final class DhcpModule {
  private DhcpModule() {}

  @Provides
  @Singleton
  static DhcpService dhcpService(GatewayConfig config, LeaseListener events) {
    return new DhcpService(config, events);
  }

  @Provides
  @ElementsIntoSet
  static Set<ManagedService> dhcp(GatewayConfig config, Provider<DhcpService> s) {
    return enabled(config) ? Set.of(s.get()) : Set.of();
  }

  @Provides
  @ElementsIntoSet
  static Set<AdminRoute> dhcpRoutes(GatewayConfig config, Provider<DhcpService> s) {
    if (!enabled(config)) {
      return Set.of();
    }
    return Set.of(DhcpAdminRoutes.leases(s.get()), DhcpAdminRoutes.stats(s.get()));
  }

  static boolean enabled(GatewayConfig config) {
    return config.dhcp().enabled() && config.dhcp().pool().isPresent() && !config.loopbackOnly();
  }
}
