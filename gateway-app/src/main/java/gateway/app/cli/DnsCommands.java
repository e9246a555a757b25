package gateway.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gateway dns stats|flush [NAME]|lookup NAME [TYPE]}: ask the running DNS cache. */
@Command(name = "dns", mixinStandardHelpOptions = true,
    description = "Ask the running gateway's DNS cache: counters, flush, lookups.",
    subcommands = {DnsCommands.Stats.class, DnsCommands.Flush.class, DnsCommands.Lookup.class})
final class DnsCommands implements Runnable {
  private static final JsonMapper JSON = new JsonMapper();

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** Test seam: commands ask this client instead of the configured endpoint when set. */
  static AdminClient clientOverride;

  private static AdminClient client(ConfigOption config) {
    return clientOverride != null ? clientOverride : AdminClient.of(config.load());
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new Cli.CommandFailure("the gateway sent an answer that is not JSON: " + body.strip());
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Command(name = "stats", mixinStandardHelpOptions = true,
      description = "Print the DNS counters: queries, cache hits/misses/evictions, upstream latency...")
  static final class Stats implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      JsonNode stats = json(client(config).get("/dns/stats"));
      PrintWriter out = spec.commandLine().getOut();
      for (Iterator<Map.Entry<String, JsonNode>> it = stats.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.printf("%-22s %s%n", e.getKey(), e.getValue().asText());
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "flush", mixinStandardHelpOptions = true,
      description = "Empty the DNS cache, or drop every cached type of one NAME.")
  static final class Flush implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Only this name (all types).")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      String path = name == null ? "/dns/flush" : "/dns/flush?name=" + enc(name);
      JsonNode r = json(client(config).post(path, ""));
      PrintWriter out = spec.commandLine().getOut();
      if (name == null) {
        out.println("flushed the whole DNS cache");
      } else {
        out.println("flushed " + r.path("entries").asInt() + " entries for " + name);
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "lookup", mixinStandardHelpOptions = true,
      description = "Resolve NAME through the running cache (local names, cache, upstreams).")
  static final class Lookup implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TYPE", defaultValue = "A",
        description = "Record type (default: A).")
    String type;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      JsonNode r = json(client(config).get("/dns/lookup?name=" + enc(name) + "&type=" + enc(type)));
      PrintWriter out = spec.commandLine().getOut();
      out.println(";; " + r.path("rcode").asText()
          + (r.path("authoritative").asBoolean() ? " (authoritative: a LAN name)" : ""));
      r.path("answer").forEach(x -> out.println(x.asText()));
      if (r.path("answer").isEmpty()) {
        r.path("authority").forEach(x -> out.println(";; authority: " + x.asText()));
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
