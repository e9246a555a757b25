package gateway.app.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import gateway.app.config.GatewayConfig;
import gateway.app.lifecycle.ManagedService;
import gateway.app.net.ProcessSystemNet;
import java.util.Set;

/** Binds the apply-on-start netfilter setup when {@code net.apply_on_start} asks for it. */
@Module
public final class NetModule {
  private NetModule() {}

  @Provides
  @ElementsIntoSet
  static Set<ManagedService> net(GatewayConfig config) {
    return config.net().applyOnStart() && !config.loopbackOnly()
        ? Set.of(new NetService(config, new ProcessSystemNet())) : Set.of();
  }
}
