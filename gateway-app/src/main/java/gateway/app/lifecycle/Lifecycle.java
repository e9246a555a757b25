package gateway.app.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the enabled services in order and stops them in reverse.
 *
 * <p>On start it logs one {@code listening} line per bound socket; a service that cannot start
 * stops the whole start (the ones already running are stopped again) with a message naming the
 * address and the likely fix. {@link #stop(Duration)} is safe to call more than once.
 */
@Singleton
public final class Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

  private final ServiceRegistry registry;
  private final List<AutoCloseable> sharedResources;
  private final List<ManagedService> started = new ArrayList<>();
  private boolean stopped;

  @Inject
  public Lifecycle(ServiceRegistry registry, SharedResources sharedResources) {
    this.registry = registry;
    this.sharedResources = sharedResources.all();
  }

  /** Starts every service; throws {@link StartException} with an explanation when one fails. */
  public synchronized void start() {
    for (ManagedService service : registry.inStartOrder()) {
      try {
        service.start();
      } catch (Exception e) {
        String why = BindFailures.explain(service.name(), e);
        log.error(why);
        stop(Duration.ofSeconds(5));
        throw new StartException(why, e);
      }
      started.add(service);
      for (Listener l : service.listeners()) {
        log.info("listening service={} proto={} address={}", service.name(), l.proto(),
            gateway.app.config.IpAddresses.format(l.address()));
      }
    }
  }

  /** Stops the started services in reverse order; all of them together drain within {@code drain}. */
  public synchronized void stop(Duration drain) {
    if (stopped) {
      return;
    }
    stopped = true;
    long deadline = System.nanoTime() + drain.toNanos();
    for (ListIterator<ManagedService> it = started.listIterator(started.size()); it.hasPrevious(); ) {
      ManagedService service = it.previous();
      // what is left of the one bound; never zero, so each service can at least close its sockets
      Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 100_000_000L));
      try {
        service.stop(left);
        log.info("stopped service={}", service.name());
      } catch (Exception e) {
        log.warn("service={} did not stop cleanly: {}", service.name(), e.toString());
      }
    }
    for (AutoCloseable resource : sharedResources) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("could not release {}: {}", resource, e.toString());
      }
    }
  }

  public ServiceRegistry registry() {
    return registry;
  }

  /** A start that failed; the message says what and the likely fix. */
  public static final class StartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StartException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
