package gateway.app.wiring;

import gateway.app.config.GatewayConfig;
import gateway.app.lifecycle.Listener;
import gateway.app.lifecycle.StatefulService;
import gateway.app.net.NetApplier;
import gateway.app.net.NetPlan;
import gateway.app.net.NetStateStore;
import gateway.app.net.SystemNet;
import java.time.Duration;
import java.util.List;

/**
 * With {@code net.apply_on_start}, {@code run} applies the TPROXY setup once the proxy listens and
 * reverts it on stop, so LAN traffic is only diverted while something is there to take it.
 */
final class NetService extends StatefulService {
  private final GatewayConfig config;
  private final SystemNet system;

  NetService(GatewayConfig config, SystemNet system) {
    this.config = config;
    this.system = system;
  }

  @Override
  public String name() {
    return "net";
  }

  @Override
  public int startOrder() {
    return 80; // after the proxy's transparent listener is bound
  }

  @Override
  protected void startServing() {
    NetStateStore store = new NetStateStore(config.dataDir());
    store.save(new NetApplier(system).apply(NetPlan.of(config), store.load()));
  }

  @Override
  public List<Listener> listeners() {
    return List.of();
  }

  @Override
  protected void stopServing(Duration drain) {
    NetStateStore store = new NetStateStore(config.dataDir());
    store.load().ifPresent(s -> new NetApplier(system).revert(s));
    store.delete();
  }
}
