package gateway.app.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import gateway.app.config.GatewayConfig;
import gateway.app.lifecycle.ManagedService;
import java.util.Set;
import javax.inject.Provider;
import javax.inject.Singleton;

/** Binds the caching HTTP proxy (explicit and transparent listeners). */
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
}
