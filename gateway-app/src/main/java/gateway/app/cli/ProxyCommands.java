package gateway.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gateway proxy stats}: ask the running proxy for its totals. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
    description = "Ask the running gateway's HTTP proxy: counters.",
    subcommands = {ProxyCommands.Stats.class})
final class ProxyCommands implements Runnable {
  private static final JsonMapper JSON = new JsonMapper();

  @Spec
  CommandSpec spec;

  /** Test seam: commands ask this client instead of the configured endpoint when set. */
  static AdminClient clientOverride;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  @Command(name = "stats", mixinStandardHelpOptions = true,
      description = "Print the proxy's totals: requests, cache hits/misses/revalidations, errors, refusals,"
          + " and whether spoof_client_address=auto fell back (with the reason).")
  static final class Stats implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      AdminClient client = clientOverride != null ? clientOverride : AdminClient.of(config.load());
      String body = client.get("/proxy/stats");
      JsonNode stats;
      try {
        stats = JSON.readTree(body);
      } catch (java.io.IOException e) {
        throw new Cli.CommandFailure("the gateway sent an answer that is not JSON: " + body.strip());
      }
      PrintWriter out = spec.commandLine().getOut();
      for (Iterator<Map.Entry<String, JsonNode>> it = stats.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.printf("%-20s %s%n", e.getKey(), e.getValue().asText());
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
