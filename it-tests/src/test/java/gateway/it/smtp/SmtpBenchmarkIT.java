package gateway.it.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.app.GatewayConfig;
import gateway.it.app.GatewayJar;
import gateway.it.app.GatewayProcess;
import gateway.it.junit.RequiresNetns;
import gateway.it.junit.TopologyExtension;
import gateway.it.netns.CommandResult;
import gateway.it.peers.PeerDir;
import gateway.it.peers.PostfixIsp;
import gateway.it.peers.PostfixRelay;
import gateway.it.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Benchmark, not a timed test (run with {@code -Dgateway.it.bench=true}): smtp-source from a LAN client into
 * our relay (192.0.2.1:25) and into Debian's Postfix configured as the same smarthost (192.0.2.1:2525), both
 * relaying to the same ISP Postfix (587, STARTTLS + SASL, Maildir). Per relay: messages/s accepted (smtp-source
 * wall time; both fsync before 250), and end to end (until the last message is in the ISP's Maildir), then
 * memory (PSS). Asserts only that every message arrived. Numbers go to smtp-relay/BENCHMARKS.md.
 */
@RequiresNetns(binaries = {"smtp-source", "postfix", "dovecot", "openssl", "ss"})
@EnabledIfSystemProperty(named = "gateway.it.bench", matches = "true")
class SmtpBenchmarkIT {
    static final int MESSAGES = Integer.getInteger("gateway.it.bench.messages", 2000);
    static final int SESSIONS = Integer.getInteger("gateway.it.bench.sessions", 10);
    /** Upstream connections of our relay (each reused); Postfix uses up to 20 (default_destination_concurrency_limit). */
    static final int CONCURRENCY = Integer.getInteger("gateway.it.bench.concurrency", 2);

    @RegisterExtension
    static final TopologyExtension NET = TopologyExtension.of(b -> b.internetHost("smtp", 25));

    /**
     * Messages sent through each relay (and waited for) before its measured run: the JVM compiles its hot code
     * during the first thousands of messages, a cost paid once per start, not per message. 0: measure cold.
     */
    static final int WARMUP = Integer.getInteger("gateway.it.bench.warmup", 0);
    /** Extra JVM flags for the gateway on top of the service's own (packaging/gateway.default), space separated. */
    static final String EXTRA_JVM = System.getProperty("gateway.it.bench.jvm", "");
    /** Record a JFR profile of the gateway during its run (into the run's gateway directory). */
    static final boolean JFR = Boolean.getBoolean("gateway.it.bench.jfr");

    /**
     * One row. CPU seconds (user + system, reaped children included) over the row's whole run: of the relay
     * (the gateway JVM, or every process of the Postfix relay), of the ISP namespace (Postfix, Dovecot), and of the
     * client (smtp-source or the python sender). Their sum over 2 is the time the run needs on two idle cores.
     */
    record Result(String relay, double acceptedPerSec, double endToEndPerSec, double acceptSeconds,
                  double drainSeconds, double pssMiB, double relayCpu, double ispCpu, double clientCpu) {
        double floorSeconds() {
            return (relayCpu + ispCpu + clientCpu) / 2;
        }
    }

    @Test
    void smtpSourceIntoGatewayAndPostfix() throws Exception {
        Topology net = NET.topology();
        String hosts = "127.0.0.1 localhost\n203.0.113.25 smtp.isp.test\n";
        for (var ns : List.of(net.gateway(), net.internet("smtp"))) {
            ns.etcFile("hosts", hosts);
            ns.etcFile("resolv.conf", "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
        }
        List<Result> results = new ArrayList<>();
        try (PostfixIsp isp = PostfixIsp.in(net.internet("smtp"), PeerDir.create(net.workDir().dir("isp")))
                .address("203.0.113.25").hostName("smtp.isp.test").user("isp-user", "isp-secret").start()) {
            PeerDir gwDir = PeerDir.create(net.workDir().dir("gateway"));
            Path pw = gwDir.write("smtp-password", "isp-secret\n");
            Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
            List<String> launcher = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            launcher.addAll(gateway.it.app.ServiceJvmOptions.load());
            launcher.addAll(EXTRA_JVM.isBlank() ? List.of() : List.of(EXTRA_JVM.trim().split(" +")));
            launcher.addAll(List.of("-jar", GatewayJar.require().toString()));
            GatewayProcess app = GatewayProcess.start(net.gateway(), launcher,
                    GatewayConfig.standard(gwDir.path("data")).withExtra("dns:\n  enabled: false\n"
                            + "proxy:\n  enabled: false\n"
                            + "smtp:\n  listen: 192.0.2.1:25\n  max_connections: 64\n"
                            + "  max_connections_per_client: 64\n"
                            + "  relayhost:\n    host: smtp.isp.test\n    ca_file: " + isp.dir().path("cert.pem")
                            + "\n    username: isp-user\n    password_file: " + pw + "\n"
                            + "  queue:\n    concurrency: " + CONCURRENCY + "\n"),
                    gwDir).awaitStarted(Duration.ofSeconds(90));
            try (PostfixRelay postfix = PostfixRelay.start(net.gateway(),
                    PeerDir.create(net.workDir().dir("postfix-relay")), "192.0.2.1", 2525, "192.0.2.0/24",
                    "smtp.isp.test", isp.dir().path("cert.pem"), "isp-user", "isp-secret")) {
                warmUp(net, isp, 25);
                if (JFR) {
                    net.gateway().execOk("jcmd", Long.toString(app.daemon().pid()), "JFR.start", "settings=profile",
                            "filename=" + gwDir.path("gateway.jfr"));
                }
                java.util.Map<String, Double> threads0 = threadCpu(app.daemon().pid());
                results.add(run(net, isp, "gateway", 25, app.daemon().pid(), List.of()));
                threadBreakdown = threadCpuDelta(threads0, threadCpu(app.daemon().pid()));
                if (JFR) {
                    net.gateway().execOk("jcmd", Long.toString(app.daemon().pid()), "JFR.stop");
                }
                warmUp(net, isp, 2525);
                results.add(run(net, isp, "postfix", 2525, -1, List.of(app.daemon().pid())));
                results.add(ispDirect(net, isp, gwDir));
            } finally {
                app.stop(Duration.ofSeconds(20));
            }
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "smtp-source -s %d -m %d -l 1024, one run, gateway queue.concurrency %d, warm-up %d messages"
                + " per relay, extra gateway JVM flags [%s]%n"
                + "| relay | accepted msg/s | end-to-end msg/s | accept s | until drained s | PSS MiB"
                + " | CPU s relay | CPU s ISP | CPU s client | 2-idle-core floor s |%n"
                + "|---|---|---|---|---|---|---|---|---|---|%n", SESSIONS, MESSAGES, CONCURRENCY, WARMUP, EXTRA_JVM));
        for (Result r : results) {
            table.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f"
                    + " | %.1f |%n", r.relay(), r.acceptedPerSec(), r.endToEndPerSec(), r.acceptSeconds(),
                    r.drainSeconds(), r.pssMiB(), r.relayCpu(), r.ispCpu(), r.clientCpu(), r.floorSeconds()));
        }
        table.append("gateway JVM CPU s by thread (digits folded): ").append(threadBreakdown).append('\n');
        table.append(String.format(Locale.ROOT, "load average at the end: %s%n",
                Files.readString(Path.of("/proc/loadavg")).trim()));
        Path out = net.workDir().dir("results").resolve("smtp-benchmark.md");
        Files.writeString(out, table.toString());
        System.out.println(table);
    }

    /**
     * The ceiling of any relay here: the ISP's own rate for the same messages sent straight to its port 587 from
     * the gateway namespace over {@link #CONCURRENCY} connections, each with one STARTTLS and one AUTH reused for
     * all its messages (python3 smtplib, also on the shared cores). No relay can deliver faster than this.
     */
    private Result ispDirect(Topology net, PostfixIsp isp, PeerDir dir) throws Exception {
        Path script = dir.path("isp_direct.py");
        try (java.io.InputStream in = SmtpBenchmarkIT.class.getResourceAsStream("/smtp/isp_direct.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        long before = isp.maildirCount();
        double ispCpu0 = namespaceCpu(net.internet("smtp").name(), List.of());
        long t0 = System.nanoTime();
        CommandResult r = net.gateway().exec(Duration.ofSeconds(900), List.of("/usr/bin/time", "-f",
                "CPU %U %S", "python3", script.toString(),
                "smtp.isp.test", "587", isp.dir().path("cert.pem").toString(), "isp-user", "isp-secret",
                Integer.toString(CONCURRENCY), Integer.toString(MESSAGES), "1024"));
        long t1 = System.nanoTime();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        awaitMaildir(isp, "isp-direct", before + MESSAGES, t1);
        long t2 = System.nanoTime();
        double ispCpu = namespaceCpu(net.internet("smtp").name(), List.of()) - ispCpu0;
        return new Result("ISP direct, " + CONCURRENCY + " reused TLS+AUTH conns (ceiling)", MESSAGES / ((t1 - t0)
                / 1e9), MESSAGES / ((t2 - t0) / 1e9), (t1 - t0) / 1e9, (t2 - t0) / 1e9, 0, 0, ispCpu,
                timedCpu(r));
    }

    private static void warmUp(Topology net, PostfixIsp isp, int port) throws InterruptedException {
        if (WARMUP == 0) {
            return;
        }
        long before = isp.maildirCount();
        CommandResult r = net.client(1).exec(Duration.ofSeconds(900), List.of("smtp-source", "-s",
                Integer.toString(SESSIONS), "-m", Integer.toString(WARMUP), "-l", "1024", "-f", "nas@home.arpa",
                "-t", "bob@example.net", "192.0.2.1:" + port));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        awaitMaildir(isp, "warm-up", before + WARMUP, System.nanoTime());
    }

    private static void awaitMaildir(PostfixIsp isp, String name, long count, long from) throws InterruptedException {
        long deadline = from + Duration.ofSeconds(900).toNanos();
        while (isp.maildirCount() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": only " + isp.maildirCount() + " of " + count
                        + " in the Maildir\n" + isp.diagnostics());
            }
            Thread.sleep(100);
        }
    }

    private Result run(Topology net, PostfixIsp isp, String name, int port, long pid, List<Long> excludePids)
            throws Exception {
        long before = isp.maildirCount();
        double ispCpu0 = namespaceCpu(net.internet("smtp").name(), List.of());
        double relayCpu0 = pid > 0 ? cpuSeconds(pid, false) : namespaceCpu(net.gateway().name(), excludePids);
        long t0 = System.nanoTime();
        CommandResult r = net.client(1).exec(Duration.ofSeconds(900), List.of("/usr/bin/time", "-f", "CPU %U %S",
                "smtp-source", "-s",
                Integer.toString(SESSIONS), "-m", Integer.toString(MESSAGES), "-l", "1024", "-f", "nas@home.arpa",
                "-t", "bob@example.net", "192.0.2.1:" + port));
        long t1 = System.nanoTime();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        awaitMaildir(isp, name, before + MESSAGES, t1);
        long t2 = System.nanoTime();
        double accept = (t1 - t0) / 1e9;
        double drain = (t2 - t0) / 1e9;
        double relayCpu = (pid > 0 ? cpuSeconds(pid, false) : namespaceCpu(net.gateway().name(), excludePids))
                - relayCpu0;
        double ispCpu = namespaceCpu(net.internet("smtp").name(), List.of()) - ispCpu0;
        double pss = pid > 0 ? pssKiB(pid) / 1024.0 : namespacePss(net, excludePids) / 1024.0;
        return new Result(name, MESSAGES / accept, MESSAGES / drain, accept, drain, pss, relayCpu, ispCpu,
                timedCpu(r));
    }

    private String threadBreakdown = "";

    /** CPU seconds per thread name of a process (names with their digits replaced by N, summed). */
    private static java.util.Map<String, Double> threadCpu(long pid) throws IOException {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String name = Files.readString(t.resolve("comm")).trim().replaceAll("[0-9]+", "N");
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0, Double::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return out;
    }

    private static String threadCpuDelta(java.util.Map<String, Double> before, java.util.Map<String, Double> after) {
        return after.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() >= 0.05)
                .sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** The "CPU user system" line that /usr/bin/time -f printed on stderr. */
    private static double timedCpu(CommandResult r) {
        for (String line : r.stderr().lines().toList()) {
            if (line.startsWith("CPU ")) {
                String[] f = line.split(" ");
                return Double.parseDouble(f[1]) + Double.parseDouble(f[2]);
            }
        }
        throw new AssertionError("no CPU line from /usr/bin/time\n" + r.describe());
    }

    /** CPU seconds of every process in a namespace (with the children they reaped), except some. */
    private static double namespaceCpu(String netns, List<Long> exclude) throws IOException {
        double sum = 0;
        for (String line : gateway.it.netns.ProcessRunner.run(List.of("ip", "netns", "pids", netns)).stdout()
                .lines().toList()) {
            long p = Long.parseLong(line.trim());
            if (!exclude.contains(p)) {
                sum += cpuSeconds(p, true);
            }
        }
        return sum;
    }

    /** utime + stime (and cutime + cstime: reaped children) from /proc/PID/stat, in seconds; 0 if it is gone. */
    private static double cpuSeconds(long pid, boolean withChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state(0) ppid ... utime(11) stime(12) cutime(13) cstime(14), in clock ticks
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12])
                    + (withChildren ? Long.parseLong(f[13]) + Long.parseLong(f[14]) : 0);
            return ticks / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0; // a short-lived process ended meanwhile; its parent's cutime counts it
        }
    }

    /** PSS of every process in the gateway namespace except the gateway: the Postfix instance. */
    private static long namespacePss(Topology net, List<Long> exclude) throws IOException {
        long sum = 0;
        for (String line : gateway.it.netns.ProcessRunner.run(List.of("ip", "netns", "pids",
                net.gateway().name())).stdout().lines().toList()) {
            long p = Long.parseLong(line.trim());
            if (!exclude.contains(p)) {
                sum += pssKiB(p);
            }
        }
        return sum;
    }

    private static long pssKiB(long pid) throws IOException {
        Path f = Path.of("/proc", Long.toString(pid), "smaps_rollup");
        if (!Files.exists(f)) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(f)) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // the process ended meanwhile (a short-lived Postfix worker): it holds no memory any more
        }
        return 0;
    }
}
