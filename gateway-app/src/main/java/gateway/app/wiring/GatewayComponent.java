package gateway.app.wiring;

import dagger.BindsInstance;
import dagger.Component;
import gateway.app.config.GatewayConfig;
import gateway.app.lifecycle.Lifecycle;
import javax.inject.Singleton;

/**
 * Builds the enabled services from one config. Each service has one small module here (see
 * WIRING.md); runtime values enter only through {@link Factory}.
 */
@Singleton
@Component(modules = {
    CoreModule.class,
    NetModule.class,
    DnsModule.class,
    DhcpModule.class,
    LinksModule.class,
    SmtpModule.class,
    ProxyModule.class,
})
public interface GatewayComponent {
  Lifecycle lifecycle();

  static GatewayComponent of(GatewayConfig config) {
    return DaggerGatewayComponent.factory().create(config);
  }

  @Component.Factory
  interface Factory {
    GatewayComponent create(@BindsInstance GatewayConfig config);
  }
}
