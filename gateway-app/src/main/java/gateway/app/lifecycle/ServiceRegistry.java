package gateway.app.lifecycle;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Singleton;

/** The enabled services in start order; shared by the lifecycle and the admin endpoint. */
@Singleton
public final class ServiceRegistry {
  private final List<ManagedService> services;

  @Inject
  public ServiceRegistry(Set<ManagedService> services) {
    this.services = services.stream()
        .sorted(Comparator.comparingInt(ManagedService::startOrder).thenComparing(ManagedService::name))
        .toList();
  }

  public List<ManagedService> inStartOrder() {
    return services;
  }

  public boolean allUp() {
    return services.stream().allMatch(s -> s.state() == ServiceState.UP);
  }
}
