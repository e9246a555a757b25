package gateway.app.wiring;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoSet;
import dagger.multibindings.Multibinds;
import gateway.app.admin.AdminRoute;
import gateway.app.admin.AdminServer;
import gateway.app.admin.HealthRoute;
import gateway.app.admin.VersionRoute;
import gateway.app.config.GatewayConfig;
import gateway.app.lifecycle.ManagedService;
import gateway.app.lifecycle.SharedResources;
import java.util.List;
import java.util.Set;
import javax.inject.Singleton;

/** Bindings every gateway has: the admin endpoint, its base routes, the shared event loops. */
@Module
public abstract class CoreModule {
  private CoreModule() {}

  /** Services contribute with {@code @IntoSet}/{@code @ElementsIntoSet}; the set may be empty. */
  @Multibinds
  abstract Set<ManagedService> services();

  @Multibinds
  abstract Set<AdminRoute> adminRoutes();

  @Binds
  @IntoSet
  abstract AdminRoute health(HealthRoute route);

  @Binds
  @IntoSet
  abstract AdminRoute version(VersionRoute route);

  @Provides
  @Singleton
  static AdminServer adminServer(GatewayConfig config, Set<AdminRoute> routes) {
    return new AdminServer(config.admin(), routes);
  }

  @Provides
  @ElementsIntoSet
  static Set<ManagedService> admin(GatewayConfig config, AdminServer server) {
    return config.admin().enabled() ? Set.of(server) : Set.of();
  }

  @Provides
  static SharedResources sharedResources(EventLoops loops) {
    return () -> List.of(loops);
  }
}
