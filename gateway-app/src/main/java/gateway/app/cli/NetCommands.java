package gateway.app.cli;

import gateway.app.config.Durations;
import gateway.app.config.GatewayConfig;
import gateway.app.net.ConfirmTimer;
import gateway.app.net.NetApplier;
import gateway.app.net.NetPlan;
import gateway.app.net.NetScriptPrinter;
import gateway.app.net.NetState;
import gateway.app.net.NetStateStore;
import gateway.app.net.ProcessSystemNet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gateway net print|apply|revert|confirm}: the transparent proxy's netfilter and routing setup. */
@Command(name = "net", mixinStandardHelpOptions = true,
    description = "Print, apply or revert the TPROXY netfilter rules and policy routing.",
    subcommands = {NetCommands.Print.class, NetCommands.Apply.class, NetCommands.Revert.class,
        NetCommands.Confirm.class, NetCommands.Watchdog.class})
final class NetCommands implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  @Command(name = "print", mixinStandardHelpOptions = true,
      description = "Print the complete setup as a shell script (sysctls, ip rule/route, nft).")
  static final class Print implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--iptables", description = "Print the equivalent iptables mangle-table commands instead of nft.")
    boolean iptables;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      GatewayConfig cfg = config.load();
      spec.commandLine().getOut().print(NetScriptPrinter.print(NetPlan.of(cfg), cfg.source(), iptables));
      return ExitCodes.OK;
    }
  }

  @Command(name = "apply", mixinStandardHelpOptions = true,
      description = "Apply the setup: one nft transaction, idempotent. With --confirm-within, revert by"
          + " itself unless 'gateway net confirm' comes in time.")
  static final class Apply implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--confirm-within", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Revert automatically after DURATION (e.g. 60s) unless confirmed.")
    Duration confirmWithin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      GatewayConfig cfg = config.load();
      NetStateStore store = new NetStateStore(cfg.dataDir());
      NetState state = new NetApplier(new ProcessSystemNet()).apply(NetPlan.of(cfg), store.load());
      store.save(state);
      PrintWriter out = spec.commandLine().getOut();
      out.println("applied: nft table inet " + state.plan().table() + ", policy routing table "
          + state.plan().routeTable() + " (what changed is recorded in " + store.file() + ")");
      if (confirmWithin != null) {
        ConfirmTimer.Pending pending = new ConfirmTimer(cfg.dataDir(), Clock.systemUTC()).arm(confirmWithin);
        Watchdog.launch(config, pending);
        out.println("run 'gateway net confirm' within " + Durations.format(confirmWithin)
            + ", or the setup is reverted at " + pending.deadline());
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "revert", mixinStandardHelpOptions = true,
      description = "Remove exactly what 'net apply' added (rules, routes, nft table) and restore the sysctls.")
  static final class Revert implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      GatewayConfig cfg = config.load();
      NetStateStore store = new NetStateStore(cfg.dataDir());
      Optional<NetState> state = store.load();
      if (state.isEmpty()) {
        spec.commandLine().getOut().println("nothing to revert: no setup applied by 'gateway net apply' ("
            + store.file() + " does not exist)");
        return ExitCodes.OK;
      }
      new NetApplier(new ProcessSystemNet()).revert(state.get());
      store.delete();
      new ConfirmTimer(cfg.dataDir(), Clock.systemUTC()).confirm(); // nothing left to time out
      spec.commandLine().getOut().println("reverted: nft table inet " + state.get().plan().table()
          + ", rules " + state.get().addedRules() + ", routes " + state.get().addedRoutes()
          + ", sysctls restored " + state.get().previousSysctls());
      return ExitCodes.OK;
    }
  }

  @Command(name = "confirm", mixinStandardHelpOptions = true,
      description = "Keep the setup applied with --confirm-within.")
  static final class Confirm implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      GatewayConfig cfg = config.load();
      boolean had = new ConfirmTimer(cfg.dataDir(), Clock.systemUTC()).confirm();
      if (!had) {
        throw new Cli.CommandFailure("nothing to confirm: no 'net apply --confirm-within' is pending"
            + " (it may already have been reverted)");
      }
      spec.commandLine().getOut().println("confirmed: the setup stays");
      return ExitCodes.OK;
    }
  }

  /** The detached process that reverts an unconfirmed apply at its deadline. */
  @Command(name = "watchdog", hidden = true, description = "Internal: revert at the deadline unless confirmed.")
  static final class Watchdog implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--token", required = true)
    String token;

    @Spec
    CommandSpec spec;

    static void launch(ConfigOption config, ConfirmTimer.Pending pending) throws IOException {
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> cmd = new ArrayList<>();
      if (new java.io.File("/usr/bin/setsid").canExecute()) {
        cmd.add("/usr/bin/setsid"); // own session: closing the owner's terminal must not kill it
      }
      cmd.addAll(List.of(java, "-XX:+UseSerialGC", "-Xmx32m", "-cp", System.getProperty("java.class.path"),
          "gateway.app.Main", "net", "watchdog", "--token", pending.token()));
      config.location().ifPresent(p -> cmd.addAll(List.of("--config", p.toAbsolutePath().toString())));
      Path log = config.load().dataDir().resolve("net-watchdog.log");
      new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
    }

    @Override
    public Integer call() throws InterruptedException {
      GatewayConfig cfg = config.load();
      ConfirmTimer timer = new ConfirmTimer(cfg.dataDir(), Clock.systemUTC());
      while (true) {
        Optional<ConfirmTimer.Pending> p = timer.pending().filter(x -> x.token().equals(token));
        if (p.isEmpty()) {
          return ExitCodes.OK; // confirmed, reverted by hand, or superseded
        }
        long wait = p.get().deadline().toEpochMilli() - Instant.now().toEpochMilli();
        if (wait <= 0 && timer.expired(token)) {
          NetStateStore store = new NetStateStore(cfg.dataDir());
          store.load().ifPresent(s -> new NetApplier(new ProcessSystemNet()).revert(s));
          store.delete();
          timer.clear(token);
          spec.commandLine().getOut().println(Instant.now() + " net: not confirmed in time; setup reverted");
          return ExitCodes.OK;
        }
        Thread.sleep(Math.max(50, Math.min(wait, 1000)));
      }
    }
  }
}
