package gateway.app.lifecycle;

import java.time.Duration;

/**
 * A {@link ManagedService} whose state follows its start and stop: subclasses only say how to
 * start and stop serving; FAILED, UP and STOPPED are set here, the same way for every service.
 */
public abstract class StatefulService implements ManagedService {
  private volatile ServiceState state = ServiceState.NEW;

  /** Binds and starts serving; throws when it cannot (the message names the address). */
  protected abstract void startServing() throws Exception;

  /** Stops listening and drains in-flight work within {@code drain}. */
  protected abstract void stopServing(Duration drain) throws Exception;

  @Override
  public final void start() throws Exception {
    state = ServiceState.STARTING;
    try {
      startServing();
      state = ServiceState.UP;
    } catch (Exception e) {
      state = ServiceState.FAILED;
      throw e;
    }
  }

  @Override
  public final void stop(Duration drain) throws Exception {
    state = ServiceState.STOPPING;
    try {
      stopServing(drain);
    } finally {
      state = ServiceState.STOPPED;
    }
  }

  @Override
  public final ServiceState state() {
    return state;
  }
}
