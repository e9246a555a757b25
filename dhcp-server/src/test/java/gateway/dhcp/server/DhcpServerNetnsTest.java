package gateway.dhcp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gateway.dhcp.config.DhcpConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server on real sockets, in a namespace pair created here (never in the machine's own
 * namespace), with a scripted Java client in the other namespace.
 */
class DhcpServerNetnsTest {
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @BeforeAll
    static void root() {
        TestNetns.assumeRoot();
    }

    private static List<String> client(TestNetns n, String... steps) throws Exception {
        NetnsProcess c = NetnsProcess.java(n.client, ClientMain.class, steps);
        return c.finish(Duration.ofSeconds(90)).stream().filter(l -> !l.contains(" DEBUG ") && !l.contains("WARN")).toList();
    }

    private static NetnsProcess server(TestNetns n, String... args) throws Exception {
        NetnsProcess s = NetnsProcess.java(n.server, ServerMain.class, args);
        s.await(START, "READY");
        return s;
    }

    @Test
    void handshakesSurviveGarbageAndLeasesSurviveRestart() throws Exception {
        Path leases = dir.resolve("leases.journal");
        try (TestNetns n = TestNetns.create("a")) {
            try (NetnsProcess s = server(n, "--lease-file", leases.toString())) {
                List<String> out = client(n, "bind:02:00:00:00:00:01", "garbage:300", "bind:02:00:00:00:00:02",
                        "inform:02:00:00:00:00:03", "release:02:00:00:00:00:02:192.0.2.51");
                assertThat(out).containsExactly(
                        "BOUND 192.0.2.50 router=192.0.2.1 dns=192.0.2.1 mask=255.255.255.0 domain=home.test lease=600",
                        "SENT 300",
                        "BOUND 192.0.2.51 router=192.0.2.1 dns=192.0.2.1 mask=255.255.255.0 domain=home.test lease=600",
                        "INFORM-ACK dns=192.0.2.1",
                        "RELEASED 192.0.2.51");
                s.await(Duration.ofSeconds(10), "EVENT released 192.0.2.51");
                assertThat(s.output()).contains("EVENT granted 192.0.2.50 02:00:00:00:00:01 -");
            }
            assertThat(Files.readAllLines(leases)).isNotEmpty();
            try (NetnsProcess s = server(n, "--lease-file", leases.toString())) {
                assertThat(client(n, "reboot:02:00:00:00:00:01:192.0.2.50", "reboot:02:00:00:00:00:09:192.0.2.50",
                        "bind:02:00:00:00:00:02"))
                        .as("INIT-REBOOT after restart: lease kept; another client NAKed; returning client gets its address")
                        .containsExactly("ACK 192.0.2.50", "NAK",
                                "BOUND 192.0.2.51 router=192.0.2.1 dns=192.0.2.1 mask=255.255.255.0 domain=home.test lease=600");
            }
        }
    }

    @Test
    void reservedOnlyModeAndPoolExhaustion() throws Exception {
        try (TestNetns n = TestNetns.create("b")) {
            try (NetnsProcess s = server(n, "--reserved-only", "--reserve", "02:00:00:00:00:07=192.0.2.20")) {
                assertThat(client(n, "bind:02:00:00:00:00:07", "bind:02:00:00:00:00:01")).containsExactly(
                        "BOUND 192.0.2.20 router=192.0.2.1 dns=192.0.2.1 mask=255.255.255.0 domain=home.test lease=600",
                        "NO-OFFER");
                s.await(Duration.ofSeconds(10), "EVENT granted 192.0.2.20 02:00:00:00:00:07 reserved");
            }
            try (NetnsProcess s = server(n, "--pool", "192.0.2.50-192.0.2.51")) {
                List<String> out = client(n, "bind:02:00:00:00:00:01", "bind:02:00:00:00:00:02", "bind:02:00:00:00:00:03");
                assertThat(out.get(2)).isEqualTo("NO-OFFER");
                assertThat(s.await(Duration.ofSeconds(10), "pool exhausted on lan0")).contains("WARN");
            }
        }
    }

    @Test
    void anotherDhcpServerOnTheSegmentStopsTheStart() throws Exception {
        try (TestNetns n = TestNetns.create("c")) {
            Path d = Files.createDirectories(dir.resolve("dnsmasq"));
            Process dnsmasq = new ProcessBuilder(TestNetns.prefixed(n.client, "dnsmasq", "--keep-in-foreground",
                    "--conf-file=/dev/null", "--port=0", "--no-ping", "--user=root", "--interface=cl0", "--bind-interfaces",
                    "--dhcp-range=192.0.2.200,192.0.2.210,1h", "--dhcp-leasefile=" + d.resolve("leases"),
                    "--pid-file=" + d.resolve("pid"), "--log-facility=" + d.resolve("log")))
                    .redirectErrorStream(true).redirectOutput(d.resolve("out").toFile()).start();
            try {
                NetnsProcess refused = NetnsProcess.java(n.server, ServerMain.class, "--probe-ms", "3000");
                assertThat(refused.await(START, "FAILED", "READY"))
                        .startsWith("FAILED: another DHCP server answers on lan0: server 192.0.2.250 offered 192.0.2.2");
                refused.close();
                try (NetnsProcess s = server(n, "--probe-ms", "3000", "--go-ahead")) {
                    assertThat(String.join("\n", s.output())).contains("starting anyway as configured");
                }
            } finally {
                dnsmasq.destroy();
                dnsmasq.waitFor();
            }
        }
    }

    @Test
    void aMistypedOrWrongInterfaceIsRefusedNotServedOnEveryInterface() throws Exception {
        try (TestNetns n = TestNetns.create("d")) {
            NetnsProcess typo = NetnsProcess.java(n.server, ServerMain.class, "--iface", "lan9");
            assertThat(typo.await(START, "FAILED", "READY")).isEqualTo("FAILED: DHCP interface lan9 does not exist (check dhcp.interface)");
            typo.close();
            NetnsProcess lo = NetnsProcess.java(n.server, ServerMain.class, "--iface", "lo");
            assertThat(lo.await(START, "FAILED", "READY")).contains("does not have the server address 192.0.2.1");
            lo.close();
        }
    }

    @Test
    void refusesToStartWithoutInterfaceAndPool() {
        DhcpServer server = DhcpServer.builder().config(DhcpConfig.defaults()).build();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("names no interface and pool");
    }
}
