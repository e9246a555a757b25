package gateway.app.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoSet;
import gateway.app.admin.AdminRoute;
import gateway.app.config.GatewayConfig;
import gateway.app.lifecycle.ManagedService;
import java.util.Set;
import javax.inject.Singleton;

/** The SMTP relay and its admin routes (mail queue, flush, delete). */
@Module
public final class SmtpModule {
  private SmtpModule() {}

  @Provides
  @Singleton
  static SmtpService smtpService(GatewayConfig config) {
    return new SmtpService(config);
  }

  @Provides
  @ElementsIntoSet
  static Set<ManagedService> smtp(GatewayConfig config, SmtpService service) {
    return config.smtp().enabled() ? Set.of(service) : Set.of();
  }

  @Provides
  @IntoSet
  static AdminRoute queue(SmtpService service) {
    return SmtpRoutes.queue(service);
  }

  @Provides
  @IntoSet
  static AdminRoute flush(SmtpService service) {
    return SmtpRoutes.flush(service);
  }

  @Provides
  @IntoSet
  static AdminRoute delete(SmtpService service) {
    return SmtpRoutes.delete(service);
  }
}
