package gateway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gateway.it.junit.RequiresNetns;
import gateway.it.junit.TopologyExtension;
import gateway.it.netns.CommandFailedException;
import gateway.it.netns.CommandResult;
import gateway.it.netns.DaemonFailedException;
import gateway.it.netns.NetnsDaemon;
import gateway.it.netns.ProcessRunner;
import gateway.it.netns.StaleNamespaces;
import gateway.it.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The namespace primitives themselves: exec diagnostics, daemon PIDs and stopping, stale cleanup. */
@RequiresNetns(binaries = {"python3", "sleep"})
class NetnsDaemonIT {

    @RegisterExtension
    static final TopologyExtension NET = TopologyExtension.standard();

    @Test
    void execRunsInsideTheNamespaceAndReportsFailures() {
        Topology net = NET.topology();
        assertThat(net.gateway().execOk("ip", "-br", "addr", "show", "lan0").stdout()).contains("192.0.2.1/24");
        assertThat(net.client(1).execOk("ip", "route").stdout()).contains("default via 192.0.2.1");
        assertThatThrownBy(() -> net.client(1).execOk("ip", "link", "show", "wan0"))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("ip link show wan0").hasMessageContaining("exit code: 1");
        CommandResult slow = net.client(1).exec(Duration.ofMillis(300), List.of("sleep", "5"));
        assertThat(slow.timedOut()).isTrue();
    }

    @Test
    void everyRouteStaysInTheDocumentationRanges() {
        Pattern ipv4 = Pattern.compile("\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\b");
        for (var netns : NET.topology().namespaces()) {
            String routes = netns.execOk("ip", "route").stdout();
            var addresses = ipv4.matcher(routes).results().map(m -> m.group()).toList();
            assertThat(addresses).as(netns.name() + ":\n" + routes).isNotEmpty()
                    .allMatch(a -> a.startsWith("192.0.2.") || a.startsWith("198.51.100.")
                            || a.startsWith("203.0.113."));
        }
    }

    @Test
    void perNamespaceEtcFilesShadowTheHostsOnlyThere() throws Exception {
        Topology net = NET.topology();
        String hostResolvConf = Files.readString(Path.of("/etc/resolv.conf"));
        Path file = net.client(1).etcFile("resolv.conf", "nameserver 192.0.2.1\nsearch home.arpa\n");

        assertThat(net.client(1).execOk("cat", "/etc/resolv.conf").stdout()).isEqualTo(Files.readString(file));
        assertThat(Files.readString(Path.of("/etc/resolv.conf"))).isEqualTo(hostResolvConf);
        assertThat(file).startsWith(Path.of("/etc/netns", net.client(1).name()));
    }

    @Test
    void daemonPidIsTheDaemonsAndSigtermStopsIt() throws Exception {
        Topology net = NET.topology();
        Path log = net.workDir().dir("daemons").resolve("http.log");
        NetnsDaemon http = net.gateway().startDaemon("http.server", List.of("python3", "-u", "-m", "http.server",
                "--bind", "192.0.2.1", "8080"), log);
        http.awaitLog(Pattern.compile("Serving HTTP"), Duration.ofSeconds(20));

        assertThat(net.gateway().pids()).contains(http.pid());
        assertThat(Files.readString(Path.of("/proc", Long.toString(http.pid()), "comm"))).startsWith("python3");
        assertThat(net.client(1).execOk("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                "http://192.0.2.1:8080/").stdout()).isEqualTo("200");

        assertThat(http.stop(Duration.ofSeconds(5))).as("died of SIGTERM").isEqualTo(143);
        assertThat(ProcessHandle.of(http.pid())).isEmpty();
    }

    @Test
    void sigkillFollowsWhenSigtermIsIgnored() {
        Topology net = NET.topology();
        NetnsDaemon stubborn = net.gateway().startDaemon("stubborn", List.of("python3", "-u", "-c",
                "import signal,time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ready'); time.sleep(300)"),
                net.workDir().dir("daemons").resolve("stubborn.log"));
        stubborn.awaitLog(Pattern.compile("ready"), Duration.ofSeconds(20));

        assertThat(stubborn.stop(Duration.ofMillis(500))).isEqualTo(137);
    }

    @Test
    void aDaemonThatDiesIsReportedWithItsLog() {
        Topology net = NET.topology();
        NetnsDaemon broken = net.gateway().startDaemon("broken", List.of("python3", "-c",
                "import sys; print('config error: no such file'); sys.exit(3)"),
                net.workDir().dir("daemons").resolve("broken.log"));

        assertThatThrownBy(() -> broken.awaitLog(Pattern.compile("never"), Duration.ofSeconds(20)))
                .isInstanceOf(DaemonFailedException.class)
                .hasMessageContaining("exited before logging")
                .hasMessageContaining("exited with 3")
                .hasMessageContaining("config error: no such file");
    }

    @Test
    void leftoversOfDeadRunsAreRemovedButLiveOnesKept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String dead = "gwit" + gone.pid() + "-1-stale";
        String live = NET.topology().run() + "-alive";
        ProcessRunner.run(List.of("ip", "netns", "add", dead)).orThrow();
        ProcessRunner.run(List.of("ip", "netns", "add", live)).orThrow();
        try {
            List<String> removed = StaleNamespaces.removeDeadRuns();
            assertThat(removed).contains(dead).doesNotContain(live);
            assertThat(StaleNamespaces.list()).doesNotContain(dead).contains(live);
        } finally {
            ProcessRunner.run(List.of("ip", "netns", "delete", live));
            ProcessRunner.run(List.of("ip", "netns", "delete", dead));
        }
    }
}
