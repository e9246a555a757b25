package gateway.app.wiring;

import dagger.Module;
import dagger.Provides;
import gateway.app.config.GatewayConfig;
import gateway.dhcp.lease.Lease;
import gateway.dhcp.lease.LeaseListener;
import gateway.dns.local.LocalNames;
import javax.inject.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where two services meet, connected here and nowhere else (see WIRING.md): DHCP lease events
 * publish {@code host.<lan domain>} and its reverse name in the DNS cache while the lease lives.
 */
@Module
public final class LinksModule {
  private static final Logger log = LoggerFactory.getLogger(LinksModule.class);

  private LinksModule() {}

  @Provides
  static LeaseListener leaseNames(GatewayConfig config, Provider<LocalNames> names) {
    if (!config.dns().enabled()) {
      return LeaseListener.NO_OP;
    }
    return new LeaseListener() {
      @Override
      public void granted(Lease lease) {
        lease.hostName().ifPresent(h -> {
          if (!names.get().add(h, lease.address().toInet())) {
            log.info("lease {}: host name '{}' not published in DNS (not a valid label)", lease.address(), h);
          }
        });
      }

      @Override
      public void renewed(Lease lease) {
        granted(lease); // idempotent; also restores names after a gateway restart
      }

      @Override
      public void released(Lease lease) {
        lease.hostName().ifPresent(h -> names.get().remove(h, lease.address().toInet()));
      }

      @Override
      public void expired(Lease lease) {
        released(lease);
      }
    };
  }
}
