package gateway.app.wiring;

import gateway.app.config.GatewayConfig;
import gateway.app.lifecycle.Listener;
import gateway.app.lifecycle.ManagedService;
import gateway.app.lifecycle.ServiceState;
import gateway.app.net.NetApplier;
import gateway.app.net.NetPlan;
import gateway.app.net.NetState;
import gateway.app.net.NetStateStore;
import gateway.app.net.SystemNet;
import java.time.Duration;
import java.util.List;

/**
 * With {@code net.apply_on_start}, {@code run} applies the TPROXY setup once the proxy listens and
 * reverts it on stop, so LAN traffic is only diverted while something is there to take it.
 */
final class NetService implements ManagedService {
  private final GatewayConfig config;
  private final SystemNet system;
  private volatile ServiceState state = ServiceState.NEW;

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
  public void start() {
    state = ServiceState.STARTING;
    NetStateStore store = new NetStateStore(config.dataDir());
    try {
      NetState applied = new NetApplier(system).apply(NetPlan.of(config), store.load());
      store.save(applied);
      state = ServiceState.UP;
    } catch (RuntimeException e) {
      state = ServiceState.FAILED;
      throw e;
    }
  }

  @Override
  public List<Listener> listeners() {
    return List.of();
  }

  @Override
  public ServiceState state() {
    return state;
  }

  @Override
  public void stop(Duration drain) {
    state = ServiceState.STOPPING;
    NetStateStore store = new NetStateStore(config.dataDir());
    store.load().ifPresent(s -> new NetApplier(system).revert(s));
    store.delete();
    state = ServiceState.STOPPED;
  }
}
