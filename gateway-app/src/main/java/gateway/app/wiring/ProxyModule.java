package gateway.app.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import gateway.app.admin.AdminRequest;
import gateway.app.admin.AdminResponse;
import gateway.app.admin.AdminRoute;
import gateway.app.config.GatewayConfig;
import gateway.app.lifecycle.ManagedService;
import java.util.Set;
import javax.inject.Provider;
import javax.inject.Singleton;

/** Binds the caching HTTP proxy (explicit and transparent listeners) and its admin route. */
@Module
public final class ProxyModule {
  private ProxyModule() {}

  @Provides
  @Singleton
  static ProxyService proxyService(GatewayConfig config, EventLoops loops) {
    return new ProxyService(config, loops);
  }

  @Provides
  @ElementsIntoSet
  static Set<ManagedService> proxy(GatewayConfig config, Provider<ProxyService> s) {
    return config.proxy().enabled() ? Set.of(s.get()) : Set.of();
  }

  /** {@code GET /proxy/stats}: requests, cache results, errors, refusals, the spoofing fallback. */
  @Provides
  @ElementsIntoSet
  static Set<AdminRoute> proxyRoutes(GatewayConfig config, Provider<ProxyService> s) {
    if (!config.proxy().enabled()) {
      return Set.of();
    }
    ProxyService proxy = s.get();
    return Set.of(new AdminRoute() {
      @Override
      public String method() {
        return "GET";
      }

      @Override
      public String path() {
        return "/proxy/stats";
      }

      @Override
      public AdminResponse handle(AdminRequest request) {
        return AdminResponse.json(200, proxy.stats());
      }
    });
  }
}
