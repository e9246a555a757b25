package gateway.app.lifecycle;

import java.time.Duration;
import java.util.List;

/**
 * One service the gateway runs (DNS, DHCP, proxy, SMTP, admin), as the launcher sees it.
 *
 * <p>Call order: {@link #start()} once; then {@link #listeners()} and {@link #state()} at any
 * time; {@link #stop(Duration)} once, also after a failed start. {@code start} throws when the
 * service cannot serve (a listener that cannot bind, say): the launcher then stops the others and
 * explains the failure with {@link BindFailures}.
 */
public interface ManagedService {
  /** A short lower-case name used in logs, {@code /health} and the CLI: {@code dns}, {@code smtp}... */
  String name();

  /** Lower starts earlier and stops later; DNS before the services that resolve names. */
  default int startOrder() {
    return 50;
  }

  void start() throws Exception;

  /** The addresses actually bound, once started (the real port when the config said 0). */
  List<Listener> listeners();

  ServiceState state();

  /** Stops listening, lets in-flight work finish within {@code drain}, flushes state. */
  void stop(Duration drain) throws Exception;
}
