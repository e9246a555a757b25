package gateway.app.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  private final List<String> events = new ArrayList<>();
  private final AtomicBoolean sharedClosed = new AtomicBoolean();

  private final class Fake implements ManagedService {
    private final String name;
    private final int order;
    private final Exception failure;
    private ServiceState state = ServiceState.NEW;

    Fake(String name, int order, Exception failure) {
      this.name = name;
      this.order = order;
      this.failure = failure;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int startOrder() {
      return order;
    }

    @Override
    public void start() throws Exception {
      events.add("start " + name);
      if (failure != null) {
        state = ServiceState.FAILED;
        throw failure;
      }
      state = ServiceState.UP;
    }

    @Override
    public List<Listener> listeners() {
      return List.of(Listener.tcp(new InetSocketAddress(1000 + order)));
    }

    @Override
    public ServiceState state() {
      return state;
    }

    @Override
    public void stop(Duration drain) {
      events.add("stop " + name);
      state = ServiceState.STOPPED;
    }
  }

  private Lifecycle lifecycle(ManagedService... services) {
    Set<ManagedService> set = new LinkedHashSet<>(List.of(services));
    return new Lifecycle(new ServiceRegistry(set), () -> List.of(() -> sharedClosed.set(true)));
  }

  @Test
  void startsInOrderAndStopsInReverse() {
    Lifecycle l = lifecycle(new Fake("smtp", 40, null), new Fake("dns", 10, null), new Fake("admin", 90, null));
    l.start();
    assertThat(l.registry().allUp()).isTrue();
    l.stop(Duration.ofSeconds(1));
    l.stop(Duration.ofSeconds(1)); // idempotent
    assertThat(events).containsExactly("start dns", "start smtp", "start admin",
        "stop admin", "stop smtp", "stop dns");
    assertThat(sharedClosed).isTrue();
  }

  @Test
  void aServiceThatCannotBindStopsTheStartAndTheOthers() {
    BindException inUse = new BindException("udp 192.0.2.1:53: Address already in use");
    Lifecycle l = lifecycle(new Fake("dns", 10, null), new Fake("smtp", 40, inUse), new Fake("admin", 90, null));
    assertThatThrownBy(l::start)
        .isInstanceOf(Lifecycle.StartException.class)
        .hasMessageContaining("cannot start smtp: udp 192.0.2.1:53: Address already in use")
        .hasMessageContaining("another process already listens there");
    assertThat(events).containsExactly("start dns", "start smtp", "stop dns");
  }
}
