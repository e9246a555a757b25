package gateway.it.dns;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.app.GatewayConfig;
import gateway.it.app.GatewayJar;
import gateway.it.app.GatewayProcess;
import gateway.it.junit.RequiresNetns;
import gateway.it.junit.TopologyExtension;
import gateway.it.netns.CommandResult;
import gateway.it.netns.Netns;
import gateway.it.peers.Dnsmasq;
import gateway.it.peers.PeerDir;
import gateway.it.peers.Unbound;
import gateway.it.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Benchmark, not a timed test (run with {@code -Dgateway.it.bench=true}): dnsperf from a LAN
 * client against the gateway's DNS forwarder, unbound and dnsmasq (both as caching forwarders
 * in the gateway namespace), all forwarding to the same unbound upstream in the "internet".
 * Per server: a query file warmed for 5 s (every answer cached), then 5 s of warm-up misses, then
 * unique names under a wildcard zone (every query a miss). Prints queries/s, latency and memory; asserts only that each run
 * completed queries. Numbers go to BENCHMARKS.md.
 */
@RequiresNetns(binaries = {"dnsperf", "unbound", "dnsmasq", "ss"})
@EnabledIfSystemProperty(named = "gateway.it.bench", matches = "true")
class DnsBenchmarkIT {

    private static final String GW = "192.0.2.1";
    private static final int SECONDS = Integer.getInteger("gateway.it.bench.seconds", 10);
    private static final Pattern QPS = Pattern.compile("Queries per second:\\s+([0-9.]+)");
    private static final Pattern LAT = Pattern.compile("Average Latency \\(s\\):\\s+([0-9.]+)");
    private static final Pattern COMPLETED = Pattern.compile("Queries completed:\\s+(\\d+)");
    private static final Pattern LOST = Pattern.compile("Queries lost:\\s+(\\d+)");

    @RegisterExtension
    static final TopologyExtension NET = TopologyExtension.of(b -> b.clients(1).internetHost("dns1", 53));

    record Result(String server, String load, double qps, double latencyMs, long completed, long lost) {}

    @Test
    void dnsperfAgainstGatewayUnboundAndDnsmasq() throws Exception {
        Topology net = NET.topology();
        Unbound.in(net.internet("dns1"), PeerDir.create(net.workDir().dir("auth")))
                .listen("203.0.113.53").zone("example.test", 60).logQueries(false)
                .wildcard("hosts.example.test", "hosts.example.test. 3600 IN A 203.0.113.80")
                .wildcard("wild.example.test", "wild.example.test. 3600 IN A 203.0.113.90")
                .start();
        PeerDir gwDir = PeerDir.create(net.workDir().dir("gateway"));
        GatewayProcess app = GatewayProcess.startJar(net.gateway(), GatewayJar.require(),
                GatewayConfig.standard(gwDir.path("data")).withExtra("""
                        dns:
                          listen: 192.0.2.1:53
                          upstreams: [203.0.113.53]
                          cache_size: 10000
                        proxy:
                          enabled: false
                        smtp:
                          enabled: false
                        """), gwDir).awaitStarted(Duration.ofSeconds(90));
        Unbound unbound = Unbound.in(net.gateway(), PeerDir.create(net.workDir().dir("unbound")))
                .listen(GW).port(5301).logQueries(false).forwardTo("203.0.113.53").start();
        Dnsmasq dnsmasq = Dnsmasq.forwarder(net.gateway(), PeerDir.create(net.workDir().dir("dnsmasq")),
                GW, 5302, "203.0.113.53", 10000);

        Path files = net.workDir().dir("queries");
        Path cached = queryFile(files.resolve("cached.txt"), "h%d.hosts.example.test A", 1000, "");
        List<Result> results = new ArrayList<>();
        Object[][] servers = {{"gateway", 53, app.daemon().pid()}, {"unbound", 5301, unbound.daemon().pid()},
            {"dnsmasq", 5302, dnsmasq.daemon().pid()}};
        for (Object[] s : servers) {
            String name = (String) s[0];
            int port = (Integer) s[1];
            // warm: every name cached, and 5 s of load so the JVM's JIT is warm as well
            dnsperf(net.client(1), port, cached, "-l", "5");
            results.add(result(name, "cached", dnsperf(net.client(1), port, cached, "-l", "" + SECONDS)));
            // warm the miss path as well (5 s of other unique names), so that every server is
            // measured in its steady state: the JVM's cache hits no longer run the code of a
            // miss, which would otherwise be compiled during the measured run
            Path warmMisses = queryFile(files.resolve("warm-miss-" + name + ".txt"),
                    "%d-warm-" + name + ".wild.example.test A", 200_000, name);
            dnsperf(net.client(1), port, warmMisses, "-l", "5");
            Path misses = queryFile(files.resolve("miss-" + name + ".txt"), "%d-" + name + ".wild.example.test A",
                    400_000, name);
            results.add(result(name, "uncached", dnsperf(net.client(1), port, misses, "-l", "" + SECONDS)));
        }
        StringBuilder table = new StringBuilder("\n| server | load | queries/s | avg latency ms | completed | lost |"
                + " RSS MiB | PSS MiB |\n|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            long pid = pidOf(servers, r.server());
            table.append(String.format("| %s | %s | %.0f | %.3f | %d | %d | %s | %s |%n", r.server(), r.load(),
                    r.qps(), r.latencyMs(), r.completed(), r.lost(), memory(pid, "VmRSS"), pss(pid)));
        }
        System.out.println(table);
        Files.writeString(net.workDir().dir("results").resolve("dns-benchmark.md"), table.toString());
        assertThat(results).allSatisfy(r -> assertThat(r.completed()).as(r.toString()).isPositive());
        app.stop(Duration.ofSeconds(20));
    }

    private static long pidOf(Object[][] servers, String name) {
        for (Object[] s : servers) {
            if (s[0].equals(name)) {
                return (Long) s[2];
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static Path queryFile(Path file, String pattern, int count, String unused) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(String.format(pattern, i)).append('\n');
        }
        Files.writeString(file, b.toString());
        return file;
    }

    private static String dnsperf(Netns client, int port, Path file, String... limit) {
        List<String> argv = new ArrayList<>(List.of("dnsperf", "-s", GW, "-p", "" + port, "-d", file.toString(),
                "-c", "4", "-q", "100", "-t", "2"));
        argv.addAll(List.of(limit));
        CommandResult r = client.exec(Duration.ofSeconds(SECONDS + 60), argv);
        assertThat(r.ok()).as(r.describe()).isTrue();
        return r.stdout();
    }

    private static Result result(String server, String load, String out) {
        return new Result(server, load, number(QPS, out), number(LAT, out) * 1000,
                (long) number(COMPLETED, out), (long) number(LOST, out));
    }

    private static double number(Pattern p, String out) {
        Matcher m = p.matcher(out);
        if (!m.find()) {
            throw new AssertionError("no " + p + " in dnsperf output:\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    private static String memory(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return String.format("%.1f", Long.parseLong(line.replaceAll("\\D", "")) / 1024.0);
            }
        }
        return "?";
    }

    private static String pss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
            if (line.startsWith("Pss:")) {
                return String.format("%.1f", Long.parseLong(line.replaceAll("\\D", "")) / 1024.0);
            }
        }
        return "?";
    }
}
