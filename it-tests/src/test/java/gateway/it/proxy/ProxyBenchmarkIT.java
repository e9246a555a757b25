package gateway.it.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.app.GatewayConfig;
import gateway.it.app.GatewayJar;
import gateway.it.app.GatewayProcess;
import gateway.it.clients.Curl;
import gateway.it.junit.RequiresNetns;
import gateway.it.junit.TopologyExtension;
import gateway.it.netns.CommandResult;
import gateway.it.netns.Netns;
import gateway.it.peers.Nginx;
import gateway.it.peers.PeerDir;
import gateway.it.peers.SquidPeer;
import gateway.it.topology.Addresses;
import gateway.it.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Benchmark, not a timed test (run with {@code -Dgateway.it.bench=true}): wrk from a LAN client
 * through the gateway's proxy and through Debian's squid in tproxy mode, under the same nft rules
 * ({@code gateway net apply}), against one nginx origin; plus wrk straight to an origin port that
 * is routed but not intercepted (the ceiling). Loads: a 1 KiB cached object at 32 and 128
 * connections, a 1 MiB cached object at 32, and misses (a new URL per request) at 32. Prints
 * requests/s, p99 latency and the proxy's resident memory after the load; asserts only that
 * every run completed requests. Numbers go to proxy-core/BENCHMARKS.md.
 */
@RequiresNetns(binaries = {"nginx", "wrk", "squid", "nft", "java"})
@EnabledIfSystemProperty(named = "gateway.it.bench", matches = "true")
class ProxyBenchmarkIT {
  @RegisterExtension
  static final TopologyExtension NET = TopologyExtension.standard();

  private static final String ORIGIN = Addresses.internetHost(Addresses.ORIGIN_OCTET);
  private static final int SECONDS = Integer.getInteger("gateway.it.bench.seconds", 10);
  /** Diagnostic runs: only the proxies and loads whose names contain one of these (comma-separated). */
  private static final List<String> PROXIES = selection("gateway.it.bench.proxies");
  private static final List<String> LOADS = selection("gateway.it.bench.loads");
  /** Diagnostic runs: print wrk's whole output (the latency distribution). */
  private static final boolean VERBOSE = Boolean.getBoolean("gateway.it.bench.verbose");
  /** Diagnostic runs: where the gateway writes its access log (the proxy's own durations); none by default. */
  private static final String ACCESS_LOG = System.getProperty("gateway.it.bench.access_log", "");
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern P99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)");
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
  private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)|Socket errors: (.*)");

  /** Prints the latency tail in more detail than wrk's --latency (diagnostic runs). */
  private static final String TAIL_LUA = "done = function(summary, latency, requests)\n"
      + "  io.write(\"Tail:\")\n"
      + "  for _, p in pairs({95, 98, 99, 99.5, 99.9, 99.99}) do\n"
      + "    io.write(string.format(\" p%g=%.2fms\", p, latency:percentile(p) / 1000))\n"
      + "  end\n"
      + "  io.write(string.format(\" max=%.2fms\\n\", latency.max / 1000))\n"
      + "end\n";
  private Path tail;
  private Path warmMisses;

  /** A wrk script asking for a new URL each time (/1k.bin?PREFIX1, ?PREFIX2...): every request a miss. */
  private static Path missScript(Path file, String prefix) throws java.io.IOException {
    return Files.writeString(file, "counter = 0\nrequest = function()\n  counter = counter + 1\n"
        + "  return wrk.format(nil, \"/1k.bin?" + prefix + "\" .. counter)\nend\n" + TAIL_LUA);
  }

  /**
   * One load's numbers; {@code cpuUsPerRequest} is the proxy process's CPU time (user + system)
   * during the load divided by the requests, or -1 where there is no proxy process.
   */
  record Result(String proxy, String load, double rps, double p99Ms, long requests, String errors, long rssKb,
      double cpuUsPerRequest) {}

  @Test
  void wrkThroughTheGatewayAndSquid() throws Exception {
    Topology net = NET.topology();
    PeerDir originDir = PeerDir.create(net.workDir().dir("origin"));
    Nginx.in(net.origin(), originDir).listen(ORIGIN, 80).listen(ORIGIN, 8080)
        .file("1k.bin", "x".repeat(1024)).file("1m.bin", "y".repeat(1 << 20)).start();
    for (String f : List.of("1k.bin", "1m.bin")) {
      Files.setLastModifiedTime(originDir.path("html/" + f), FileTime.from(Instant.now().minus(Duration.ofDays(30))));
    }
    Path lua = missScript(net.workDir().dir("wrk").resolve("miss.lua"), "miss");
    warmMisses = missScript(net.workDir().dir("wrk").resolve("warm-miss.lua"), "warm");
    tail = net.workDir().dir("wrk").resolve("tail.lua");
    Files.writeString(tail, TAIL_LUA);

    PeerDir gwDir = PeerDir.create(net.workDir().dir("gateway"));
    GatewayConfig cfg = GatewayConfig.standard(gwDir.dir("data")).withExtra("dns:\n  enabled: false\n"
        + "smtp:\n  enabled: false\n"
        + "proxy:\n  spoof_client_address: always\n  access_log: \"" + ACCESS_LOG + "\"\n"
        + "  cache:\n    memory: 48M\n    max_object: 2M\n"
        + "  transparent:\n    enabled: true\n    when_down: drop\n");
    Path cfgFile = gwDir.write("net.yaml", cfg.toYaml());
    CommandResult apply = net.gateway().exec(Duration.ofSeconds(60), List.of("java", "-jar",
        GatewayJar.require().toString(), "net", "apply", "--config", cfgFile.toString()));
    assertThat(apply.exitCode()).as(apply.describe()).isZero();

    List<Result> results = new ArrayList<>();
    try {
      if (selected(PROXIES, "direct")) {
        results.addAll(loads("direct (routed, not intercepted)", ":8080", null, lua));
      }
      if (selected(PROXIES, "gateway")) {
        GatewayProcess gateway = GatewayProcess.startJar(net.gateway(), GatewayJar.require(), cfg, gwDir)
            .awaitStarted(Duration.ofSeconds(60));
        results.addAll(loads("gateway proxy-core", "", gateway.daemon().pid(), lua));
        gateway.stop(Duration.ofSeconds(20));
      }
      if (selected(PROXIES, "squid")) {
        SquidPeer squid = SquidPeer.tproxy(net.gateway(), PeerDir.create(net.workDir().dir("squid")), 3129, 512);
        results.addAll(loads("squid 5.7 tproxy", "", squid.daemon().pid(), lua));
        squid.close();
      }
    } finally {
      net.gateway().exec(Duration.ofSeconds(60), List.of("java", "-jar", GatewayJar.require().toString(),
          "net", "revert", "--config", cfgFile.toString()));
    }

    StringBuilder table = new StringBuilder(
        "| proxy | load | req/s | p99 ms | requests | errors | RSS MiB | proxy CPU us/req |\n"
        + "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Result r : results) {
      table.append(String.format("| %s | %s | %.0f | %.2f | %d | %s | %s | %s |%n", r.proxy(), r.load(), r.rps(),
          r.p99Ms(), r.requests(), r.errors(), r.rssKb() < 0 ? "-" : String.valueOf(r.rssKb() / 1024),
          r.cpuUsPerRequest() < 0 ? "-" : String.format("%.0f", r.cpuUsPerRequest())));
    }
    System.out.println(table);
    Files.writeString(Path.of("target", "proxy-benchmark.md"), table.toString());
    for (Result r : results) {
      assertThat(r.requests()).as(r.toString()).isPositive();
    }
  }

  private List<Result> loads(String name, String port, Long pid, Path lua) {
    Netns client = NET.topology().client(1);
    String base = "http://" + ORIGIN + port;
    // warm the caches
    Curl.get(client, base + "/1k.bin");
    Curl.get(client, base + "/1m.bin");
    Curl.get(client, base + "/1k.bin");
    Curl.get(client, base + "/1m.bin");
    // and the JIT: an unrecorded run of each shape first, the same for every proxy (the misses
    // under other URLs than the measured ones, so those stay misses)
    for (String path : List.of("/1k.bin", "/1m.bin")) {
      client.exec(Duration.ofSeconds(30), List.of("wrk", "-t1", "-c32", "-d3s", base + path));
    }
    client.exec(Duration.ofSeconds(30), List.of("wrk", "-t1", "-c32", "-d3s", "-s", warmMisses.toString(),
        base + "/"));
    List<Result> out = new ArrayList<>();
    Map<String, List<String>> loads = new LinkedHashMap<>();
    loads.put("1 KiB hit, 32 conns", List.of("-c32", "-s", tail.toString(), base + "/1k.bin"));
    loads.put("1 KiB hit, 128 conns", List.of("-c128", "-s", tail.toString(), base + "/1k.bin"));
    loads.put("1 MiB hit, 32 conns", List.of("-c32", "-s", tail.toString(), base + "/1m.bin"));
    loads.put("1 KiB miss, 32 conns", List.of("-c32", "-s", lua.toString(), base + "/"));
    loads.forEach((load, args) -> {
      if (selected(LOADS, load)) {
        out.add(wrk(name, load, args, pid));
      }
    });
    return out;
  }

  private static List<String> selection(String property) {
    String value = System.getProperty(property, "").trim();
    return value.isEmpty() ? List.of() : List.of(value.split("\\s*,\\s*"));
  }

  private static boolean selected(List<String> selection, String name) {
    return selection.isEmpty() || selection.stream().anyMatch(name::contains);
  }

  private Result wrk(String name, String load, List<String> args, Long pid) {
    List<String> argv = new ArrayList<>(List.of("wrk", "-t1", "-d" + SECONDS + "s", "--latency", "--timeout", "5s"));
    argv.addAll(args);
    long cpuBefore = pid == null ? -1 : cpuTicks(pid);
    CommandResult run = NET.topology().client(1).exec(Duration.ofSeconds(SECONDS + 30), argv);
    long cpuAfter = pid == null ? -1 : cpuTicks(pid);
    String out = run.stdout();
    if (VERBOSE) {
      System.out.println("== " + name + ", " + load + "\n" + out);
    } else {
      out.lines().filter(l -> l.startsWith("Tail:")).forEach(l -> System.out.println(name + ", " + load + ": " + l));
    }
    double rps = find(RPS, out);
    Matcher m = P99.matcher(out);
    double p99 = -1;
    if (m.find()) {
      double v = Double.parseDouble(m.group(1));
      p99 = switch (m.group(2)) {
        case "us" -> v / 1000;
        case "s" -> v * 1000;
        default -> v;
      };
    }
    Matcher req = REQUESTS.matcher(out);
    long requests = req.find() ? Long.parseLong(req.group(1)) : 0;
    StringBuilder errors = new StringBuilder();
    Matcher e = ERRORS.matcher(out);
    while (e.find()) {
      errors.append(e.group().trim()).append(' ');
    }
    long rss = pid == null ? -1 : rssKb(pid);
    if (VERBOSE && pid != null && name.startsWith("gateway")) {
      printHeapHistogram(pid);
    }
    double cpuPerRequest = cpuBefore < 0 || cpuAfter < 0 || requests == 0 ? -1
        : (cpuAfter - cpuBefore) * (1_000_000.0 / CLOCK_TICKS) / requests;
    return new Result(name, load, rps, p99, requests, errors.length() == 0 ? "0" : errors.toString().trim(), rss,
        cpuPerRequest);
  }

  /** What the gateway's heap holds after the load (a full collection first, so only what lives). */
  private static void printHeapHistogram(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
          .redirectErrorStream(true).start();
      List<String> lines = new String(p.getInputStream().readAllBytes()).lines().limit(30).toList();
      p.waitFor();
      System.out.println(String.join("\n", lines));
    } catch (Exception e) {
      System.out.println("no heap histogram: " + e);
    }
  }

  private static double find(Pattern p, String text) {
    Matcher m = p.matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  /** USER_HZ, the unit of /proc/PID/stat's times: 100 on every Linux this runs on. */
  private static final int CLOCK_TICKS = 100;

  /** The process's user + system CPU time in clock ticks, or -1. */
  private static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime and stime, fields 14 and 15
    } catch (Exception e) {
      return -1;
    }
  }

  private static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }
}
