package gateway.it.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.app.GatewayConfig;
import gateway.it.app.GatewayProcess;
import gateway.it.junit.RequiresNetns;
import gateway.it.junit.TopologyExtension;
import gateway.it.netns.CommandResult;
import gateway.it.netns.Netns;
import gateway.it.netns.NetnsDaemon;
import gateway.it.peers.PeerDir;
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
 * Benchmark, not a timed test (run with {@code -Dgateway.it.bench=true}): {@link DhcpLoadGenerator}
 * in client c1 runs N full handshakes (32 in flight, each lease released after its ACK) against
 * the gateway's DHCP server, ISC dhcpd and Kea, one after the other on the gateway's lan0. Each
 * server first gets the same warm-up: rounds of N handshakes until {@link #WARM_UP} has passed
 * (at least one). That is for the JVM's JIT: on a loaded two-core box its C2 compiler needs
 * seconds of CPU, and a single round left it compiling through the measured one. The first
 * round's rate is printed too ("cold/s": a server just started). Conflict probes are off
 * everywhere (dhcpd: ping-check false). Prints handshakes/s, failures, the generator's
 * latencies and resident memory; asserts only that handshakes completed.
 */
@RequiresNetns(binaries = {"dhcpd", "kea-dhcp4"})
@EnabledIfSystemProperty(named = "gateway.it.bench", matches = "true")
class DhcpBenchmarkIT {
    private static final int N = Integer.getInteger("gateway.it.bench.dhcp.count", 3000);
    private static final int IN_FLIGHT = 32;
    private static final Pattern RESULT = Pattern.compile("RESULT ok=(\\d+) failed=(\\d+) ms=(\\d+) rate=([0-9.]+)");
    private static final Pattern LATENCY = Pattern.compile("LATENCY (.*)");
    /** Warm-up time before the measured round (rounds of N, at least one), the same for every server. */
    static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("gateway.it.bench.dhcp.warmup.seconds", 10));

    @RegisterExtension
    static final TopologyExtension NET = TopologyExtension.of(b -> b.clients(1).ipv6(false));

    record Result(String server, long ok, long failed, long ms, double rate, double coldRate, List<Double> warmUp,
            String latency, long rssKib) {}

    @Test
    void handshakesAgainstGatewayDhcpdAndKea() throws Exception {
        Topology net = NET.topology();
        List<Result> results = new ArrayList<>();
        int seed = 1;

        PeerDir gw = PeerDir.create(net.workDir().dir("gateway"));
        GatewayConfig config = GatewayConfig.standard(gw.path("data")).withExtra("""
                dhcp:
                  enabled: true
                  pool: {start: 192.0.2.100, end: 192.0.2.250}
                  conflict_probe_timeout: 0s
                  other_server_probe: 0s
                  rate_limit: {per_client_per_minute: 100000, all_per_second: 1000000}
                dns:
                  enabled: false
                proxy:
                  enabled: false
                smtp:
                  enabled: false
                """);
        GatewayProcess app = GatewayProcess.startJar(net.gateway(), StableJar.copyInto(net.workDir().dir("")), config, gw)
                .awaitStarted(Duration.ofSeconds(90));
        try {
            results.add(measure(net, "gateway", seed, app.daemon().pid()));
            seed += 100;
        } finally {
            app.stop(Duration.ofSeconds(20));
        }

        PeerDir d = PeerDir.create(net.workDir().dir("dhcpd"));
        d.write("dhcpd.conf", """
                ddns-update-style none;
                authoritative;
                ping-check false;
                default-lease-time 3600;
                max-lease-time 7200;
                subnet 192.0.2.0 netmask 255.255.255.0 {
                  range 192.0.2.100 192.0.2.250;
                  option routers 192.0.2.1;
                  option domain-name-servers 192.0.2.1;
                }
                """);
        d.write("dhcpd.leases", "");
        NetnsDaemon dhcpd = net.gateway().startDaemon("dhcpd", List.of("dhcpd", "-4", "-f", "-d",
                "-cf", d.path("dhcpd.conf").toString(), "-lf", d.path("dhcpd.leases").toString(),
                "-pf", d.path("dhcpd.pid").toString(), "lan0"), d.path("dhcpd.log"));
        try {
            dhcpd.awaitLog(Pattern.compile("Sending on\\s+Socket/fallback"), Duration.ofSeconds(20));
            results.add(measure(net, "isc-dhcpd", seed, dhcpd.pid()));
            seed += 100;
        } finally {
            dhcpd.stop(Duration.ofSeconds(10));
        }

        PeerDir k = PeerDir.create(net.workDir().dir("kea"));
        k.write("kea-dhcp4.conf", """
                {"Dhcp4": {
                  "interfaces-config": {"interfaces": ["lan0"]},
                  "lease-database": {"type": "memfile", "persist": true, "name": "%s", "lfc-interval": 0},
                  "valid-lifetime": 3600,
                  "subnet4": [{"id": 1, "subnet": "192.0.2.0/24",
                    "pools": [{"pool": "192.0.2.100 - 192.0.2.250"}],
                    "option-data": [{"name": "routers", "data": "192.0.2.1"},
                                    {"name": "domain-name-servers", "data": "192.0.2.1"}]}],
                  "loggers": [{"name": "kea-dhcp4", "severity": "WARN",
                    "output_options": [{"output": "%s"}]}]
                }}
                """.formatted(k.path("leases4.csv"), k.path("kea.log")));
        NetnsDaemon kea = net.gateway().startDaemon("kea", List.of("env", "KEA_PIDFILE_DIR=" + k.root(),
                "KEA_LOCKFILE_DIR=" + k.root(), "kea-dhcp4", "-c", k.path("kea-dhcp4.conf").toString()),
                k.path("kea.out"));
        try {
            waitForPort67(net.gateway());
            results.add(measure(net, "kea-dhcp4", seed, kea.pid()));
        } finally {
            kea.stop(Duration.ofSeconds(10));
        }

        StringBuilder table = new StringBuilder(String.format("%n%-10s %8s %7s %8s %12s %9s %9s%n",
                "server", "ok", "failed", "ms", "handshake/s", "cold/s", "RSS MiB"));
        for (Result r : results) {
            table.append(String.format("%-10s %8d %7d %8d %12.0f %9.0f %9.1f%n", r.server(), r.ok(), r.failed(), r.ms(),
                    r.rate(), r.coldRate(), r.rssKib() / 1024.0));
        }
        Result ours = results.get(0);
        Result keas = results.get(2);
        table.append(String.format("gateway/kea %.2f (cold %.2f)%n", ours.rate() / keas.rate(),
                ours.coldRate() / keas.coldRate()));
        for (Result r : results) {
            table.append(String.format("%-10s warm-up rounds/s %s; measured round %s%n", r.server(),
                    r.warmUp().stream().map(x -> String.format("%.0f", x)).toList(), r.latency()));
        }
        System.out.println(table);
        Files.writeString(net.workDir().dir("").resolve("dhcp-bench.txt"), table.toString());
        assertThat(results).hasSize(3).allSatisfy(r -> assertThat(r.ok()).as(r.server()).isPositive());
    }

    private static void waitForPort67(Netns ns) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (ns.exec("ss", "-lun").stdout().contains(":67 ")) {
                return;
            }
            Thread.sleep(100); // kea starting in another process
        }
    }

    /**
     * The generator's classes, copied once into the work dir: other builds in the same tree may
     * rewrite target/test-classes while the benchmark runs.
     */
    private static Path generatorClasspath(Topology net) throws IOException {
        Path root = net.workDir().dir("generator-classes");
        Path pkg = Files.createDirectories(root.resolve("gateway/it/dhcp"));
        for (Class<?> c : List.of(DhcpLoadGenerator.class)) {
            String base = c.getSimpleName();
            Path from = Path.of(c.getProtectionDomain().getCodeSource().getLocation().getPath(), "gateway/it/dhcp");
            try (var files = Files.list(from)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith(base)).toList()) {
                    Files.copy(f, pkg.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return root;
    }

    private static Path generator;

    /** Warm-up rounds until {@link #WARM_UP} has passed, then the measured round; then the server's RSS. */
    private static Result measure(Topology net, String server, int firstSeed, long pid) throws IOException {
        int seed = firstSeed;
        List<Double> warmUp = new ArrayList<>();
        long until = System.nanoTime() + WARM_UP.toNanos();
        do {
            warmUp.add(Double.parseDouble(load(net, seed++).group(4)));
        } while (System.nanoTime() < until);
        CommandResult measured = run(net, seed);
        Matcher m = RESULT.matcher(measured.stdout());
        assertThat(m.find()).as(measured.describe()).isTrue();
        Matcher latency = LATENCY.matcher(measured.stdout());
        return new Result(server, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                Double.parseDouble(m.group(4)), warmUp.get(0), warmUp, latency.find() ? latency.group(1) : "-",
                rssKib(pid));
    }

    private static Matcher load(Topology net, int seed) throws IOException {
        CommandResult r = run(net, seed);
        Matcher m = RESULT.matcher(r.stdout());
        assertThat(m.find()).as(r.describe()).isTrue();
        return m;
    }

    private static CommandResult run(Topology net, int seed) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        if (generator == null) {
            generator = generatorClasspath(net);
        }
        String cp = generator.toString();
        return net.client(1).exec(Duration.ofMinutes(5), List.of(java, "-Xmx64m", "-cp", cp,
                DhcpLoadGenerator.class.getName(), Integer.toString(N), Integer.toString(IN_FLIGHT), "3000",
                Integer.toString(seed)));
    }

    private static long rssKib(long pid) throws IOException {
        long rss = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return rss;
    }
}
