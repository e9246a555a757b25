package gateway.app.cli;

import gateway.app.GatewayVersion;
import gateway.app.config.GatewayConfig;
import gateway.app.lifecycle.Lifecycle;
import gateway.app.wiring.GatewayComponent;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code gateway run}: starts the enabled services and serves until SIGTERM or SIGINT, then
 * closes the listeners, drains in-flight work within {@code --drain} and exits 0.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the gateway (without a config: loopback-only, safe on any machine).")
final class RunCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  @Mixin
  ConfigOption config;

  @Option(names = "--drain", paramLabel = "DURATION", defaultValue = "10s",
      converter = DurationConverter.class,
      description = "How long in-flight work may take to finish on stop (default: ${DEFAULT-VALUE}).")
  Duration drain;

  @Override
  public Integer call() throws InterruptedException {
    long t0 = System.nanoTime();
    GatewayConfig cfg = config.load();
    log.info("gateway {} starting with {}", GatewayVersion.current(), cfg.source());
    if (cfg.loopbackOnly()) {
      log.info("loopback-only mode: every service listens on 127.0.0.1 and serves this machine only;"
          + " DHCP is off; state in {}. Give --config FILE to serve a LAN.", cfg.dataDir());
    }
    Lifecycle lifecycle = GatewayComponent.of(cfg).lifecycle();
    // until the services are up, a signal takes the JVM's default path: the hook stops what started
    Thread hook = new Thread(() -> lifecycle.stop(drain), "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      lifecycle.start();
    } catch (Lifecycle.StartException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      log.error("gateway not started");
      return ExitCodes.RUNTIME_FAILURE;
    }
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    log.info("gateway started: {} up in {} ms", lifecycle.registry().inStartOrder().stream()
        .map(s -> s.name()).toList(), (System.nanoTime() - t0) / 1_000_000);
    stop.await();
    log.info("gateway stopping (draining up to {})", gateway.app.config.Durations.format(drain));
    lifecycle.stop(drain);
    Runtime.getRuntime().removeShutdownHook(hook);
    log.info("gateway stopped");
    return ExitCodes.OK;
  }
}
