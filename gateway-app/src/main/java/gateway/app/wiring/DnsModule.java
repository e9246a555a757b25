package gateway.app.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import gateway.app.admin.AdminRoute;
import gateway.app.config.GatewayConfig;
import gateway.app.lifecycle.ManagedService;
import gateway.dns.local.LocalNames;
import java.util.Set;
import javax.inject.Singleton;

/** Binds the caching DNS forwarder, its admin routes and its LAN-names port for DHCP. */
@Module
public final class DnsModule {
  private DnsModule() {}

  @Provides
  @Singleton
  static DnsService dnsService(GatewayConfig config, EventLoops loops) {
    return new DnsService(config, loops);
  }

  @Provides
  @ElementsIntoSet
  static Set<ManagedService> dns(GatewayConfig config, javax.inject.Provider<DnsService> s) {
    return config.dns().enabled() ? Set.of(s.get()) : Set.of();
  }

  @Provides
  @ElementsIntoSet
  static Set<AdminRoute> dnsRoutes(GatewayConfig config, javax.inject.Provider<DnsService> s) {
    if (!config.dns().enabled()) {
      return Set.of();
    }
    DnsService dns = s.get();
    return Set.of(DnsAdminRoutes.stats(dns), DnsAdminRoutes.flush(dns),
        DnsAdminRoutes.lookup(dns));
  }

  /** Lease events (dhcp-server) feed these names; a LinksModule binding connects the two. */
  @Provides
  static LocalNames localNames(DnsService dns) {
    return dns.localNames();
  }
}
