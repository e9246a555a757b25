package gateway.it.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.app.GatewayConfig;
import gateway.it.app.GatewayProcess;
import gateway.it.clients.HttpReply;
import gateway.it.junit.RequiresNetns;
import gateway.it.junit.TopologyExtension;
import gateway.it.netns.CommandResult;
import gateway.it.netns.Netns;
import gateway.it.peers.Dhclient;
import gateway.it.peers.PeerDir;
import gateway.it.peers.Udhcpc;
import gateway.it.topology.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway's DHCP server with real clients: dhclient on c1, udhcpc on c2, c3 for the
 * reservation and reserved-only mode, dnsmasq on c3 as the rogue second server. The clients'
 * static addresses are removed first, so everything they get comes from DHCP.
 */
@RequiresNetns(binaries = {"dhclient", "udhcpc", "dnsmasq", "dig"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DhcpClientsIT {
    private static final String GW = DhcpOnlyGateway.GW;
    private static final String C3_MAC = "02:00:00:00:03:03";

    @RegisterExtension
    static final TopologyExtension NET = TopologyExtension.of(b -> b.clients(3).ipv6(false));

    private GatewayProcess app;

    @BeforeAll
    static void dhcpOnlyClients() {
        DhcpOnlyClients.prepare(NET.topology(), 3);
        DhcpOnlyClients.setMac(NET.topology(), 3, C3_MAC);
    }

    @AfterEach
    void stopGateway() {
        if (app != null) {
            app.stop(Duration.ofSeconds(20));
            app = null;
        }
    }

    private static PeerDir dir(String name) {
        return PeerDir.create(NET.topology().workDir().dir(name));
    }

    private GatewayProcess start(String run, String dhcpYaml) {
        app = DhcpOnlyGateway.start(NET.topology(), run, dhcpYaml);
        return app;
    }

    private String log() {
        return "\n" + app.daemon().logTail(40);
    }

    private static String dig(Netns from, String name, String type) {
        return DhcpOnlyGateway.dig(from, name, type);
    }

    @Test
    @Order(1)
    void dhclientGetsLeaseRouteAndDnsThenRenewsAndReleasesWithUdhcpc() {
        start("a", "  pool: {start: 192.0.2.100, end: 192.0.2.199}\n"
                + "  reservations: [{mac: \"" + C3_MAC + "\", address: 192.0.2.50, host_name: printer}]\n");
        Topology net = NET.topology();

        Dhclient dhclient = Dhclient.in(net.client(1), dir("dhclient-c1"), "eth0", "laptop");
        CommandResult r = dhclient.obtain(Duration.ofSeconds(60));
        assertThat(r.ok()).as(r.describe() + log()).isTrue();
        Map<String, String> bound = dhclient.events().await("BOUND", 1, Duration.ofSeconds(10));
        String address = bound.get("new_ip_address");
        assertThat(address).startsWith("192.0.2.1");
        assertThat(bound).containsEntry("new_routers", GW).containsEntry("new_domain_name_servers", GW)
                .containsEntry("new_domain_name", "home.arpa").containsEntry("new_subnet_mask", "255.255.255.0");
        assertThat(net.client(1).exec("ip", "-4", "route", "show", "default").stdout()).contains("default via " + GW);
        assertThat(dhclient.resolvConf()).contains("nameserver " + GW);
        // lease event -> DNS name, forward and reverse (this also proves the client reaches the gateway)
        assertThat(dig(net.client(1), "laptop.home.arpa", "A")).as(log()).isEqualTo(address);
        String[] o = address.split("\\.");
        assertThat(dig(net.client(1), o[3] + "." + o[2] + "." + o[1] + "." + o[0] + ".in-addr.arpa", "PTR"))
                .isEqualTo("laptop.home.arpa.");

        Udhcpc udhcpc = Udhcpc.start(net.client(2), dir("udhcpc-c2"), "eth0", "phone");
        Map<String, String> u = udhcpc.events().await("bound", 1, Duration.ofSeconds(30));
        assertThat(u.get("ip")).startsWith("192.0.2.1").isNotEqualTo(address);
        assertThat(u).containsEntry("router", GW).containsEntry("dns", GW).containsEntry("domain", "home.arpa");
        assertThat(net.client(2).exec("ip", "-4", "route", "show", "default").stdout()).contains("default via " + GW);
        udhcpc.renew();
        Map<String, String> renewed = udhcpc.events().await("renew", 1, Duration.ofSeconds(30));
        assertThat(renewed.get("ip")).isEqualTo(u.get("ip"));
        udhcpc.release();
        udhcpc.events().await("deconfig", 2, Duration.ofSeconds(30)); // one at start, one at release
        assertThat(app.daemon().awaitLog(Pattern.compile("lease " + Pattern.quote(u.get("ip")) + " .*phone"),
                Duration.ofSeconds(5))).isNotNull();
        awaitLeases(l -> l.contains("\"" + address + "\"") && !l.contains("\"" + u.get("ip") + "\""));
        udhcpc.stop();

        // reservation by MAC, with the reserved host name
        Udhcpc reserved = Udhcpc.start(net.client(3), dir("udhcpc-c3"), "eth0", "whatever");
        assertThat(reserved.events().await("bound", 1, Duration.ofSeconds(30))).containsEntry("ip", "192.0.2.50");
        assertThat(dig(net.client(3), "printer.home.arpa", "A")).isEqualTo("192.0.2.50");
        reserved.stop();

        // dhclient releases; the name goes away
        assertThat(dhclient.release().ok()).isTrue();
        dhclient.events().await("RELEASE", 1, Duration.ofSeconds(10));
        awaitLeases(l -> !l.contains("\"" + address + "\""));
        assertThat(dig(net.gateway(), "laptop.home.arpa", "A")).as("name withdrawn with the lease").isEmpty();
    }

    /** The active leases as the running gateway reports them (asked from its own namespace). */
    private String leases() {
        HttpReply reply = app.admin(NET.topology().gateway(), "/dhcp/leases");
        return reply.body();
    }

    /** The server handles RELEASE asynchronously to the client: wait until the lease list agrees. */
    private void awaitLeases(Predicate<String> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String last = leases();
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("lease list never matched: " + last + log());
            }
            try {
                Thread.sleep(100); // a real server in another process; nothing to inject
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = leases();
        }
    }

    @Test
    @Order(2)
    void leasesSurviveARestartOfTheGateway() {
        Topology net = NET.topology();
        start("b1", "  pool: {start: 192.0.2.100, end: 192.0.2.199}\n");
        Dhclient dhclient = Dhclient.in(net.client(1), dir("dhclient-c1-restart"), "eth0", "desk");
        assertThat(dhclient.obtain(Duration.ofSeconds(60)).ok()).as(log()).isTrue();
        String address = dhclient.events().await("BOUND", 1, Duration.ofSeconds(10)).get("new_ip_address");
        dhclient.stop(); // keeps the lease in its lease file, as a machine that is switched off
        assertThat(app.stop(Duration.ofSeconds(20))).isZero();
        app = null;

        start("b2", "  pool: {start: 192.0.2.100, end: 192.0.2.199}\n");
        assertThat(leases()).as("recovered from the journal").contains("\"" + address + "\"");
        assertThat(dhclient.obtain(Duration.ofSeconds(60)).ok()).isTrue(); // INIT-REBOOT with its old lease
        Map<String, String> reboot = dhclient.events().await("REBOOT", 1, Duration.ofSeconds(10));
        assertThat(reboot.get("new_ip_address")).isEqualTo(address);
        assertThat(dig(net.client(1), "desk.home.arpa", "A")).isEqualTo(address);
        // the CLI, as an admin would run it on the gateway
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        CommandResult cli = net.gateway().exec(Duration.ofSeconds(60), List.of(javaBin, "-jar",
                StableJar.copyInto(net.workDir().dir("")).toString(), "leases", "--config",
                dir("gateway-b2").path("gateway.yaml").toString()));
        assertThat(cli.ok()).as(cli.describe()).isTrue();
        assertThat(cli.stdout()).contains("ADDRESS").containsPattern(Pattern.quote(address) + " +[0-9a-f:]{17} +desk ");
        dhclient.release();
    }

    @Test
    @Order(3)
    void reservedOnlyModeServesOnlyTheReservedClient() {
        Topology net = NET.topology();
        start("c", "  pool: {start: 192.0.2.100, end: 192.0.2.199}\n  reserved_only: true\n"
                + "  reservations: [{mac: \"" + C3_MAC + "\", address: 192.0.2.50}]\n");
        Udhcpc reserved = Udhcpc.start(net.client(3), dir("udhcpc-c3-only"), "eth0", "printer");
        assertThat(reserved.events().await("bound", 1, Duration.ofSeconds(30))).containsEntry("ip", "192.0.2.50");
        reserved.stop();
        CommandResult other = net.client(2).exec(Duration.ofSeconds(30), List.of("udhcpc", "-i", "eth0", "-n", "-q",
                "-t", "3", "-T", "1", "-s", "/bin/true"));
        assertThat(other.ok()).as("an unreserved client gets no lease: " + other.describe()).isFalse();
        assertThat(app.admin(net.gateway(), "/dhcp/stats").body()).contains("\"received.DISCOVER\"");
    }

    @Test
    @Order(4)
    void poolExhaustionIsLoggedClearly() {
        Topology net = NET.topology();
        start("d", "  pool: {start: 192.0.2.100, end: 192.0.2.101}\n  exclude: [192.0.2.101]\n");
        Udhcpc first = Udhcpc.start(net.client(2), dir("udhcpc-c2-exhaust"), "eth0", "one");
        first.events().await("bound", 1, Duration.ofSeconds(30));
        CommandResult second = net.client(1).exec(Duration.ofSeconds(30), List.of("udhcpc", "-i", "eth0", "-n", "-q",
                "-t", "3", "-T", "1", "-s", "/bin/true"));
        assertThat(second.ok()).isFalse();
        assertThat(app.daemon().awaitLog(Pattern.compile("pool exhausted on lan0"), Duration.ofSeconds(10))).isNotNull();
        first.stop();
    }

    @Test
    @Order(5)
    void aSecondDhcpServerOnTheSegmentStopsTheStart() {
        Topology net = NET.topology();
        Netns c3 = net.client(3);
        c3.ip("-4", "addr", "flush", "dev", "eth0");
        c3.ip("addr", "add", "192.0.2.250/24", "dev", "eth0");
        PeerDir d = dir("dnsmasq-rogue");
        var dnsmasq = c3.startDaemon("dnsmasq", List.of("dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--port=0",
                "--no-ping", "--user=root", "--interface=eth0", "--bind-interfaces",
                "--dhcp-range=192.0.2.200,192.0.2.210,1h", "--dhcp-leasefile=" + d.path("leases"),
                "--pid-file=" + d.path("pid"), "--log-facility=-"), d.path("dnsmasq.log"));
        PeerDir dir = dir("gateway-e");
        GatewayConfig config = GatewayConfig.standard(NET.topology().workDir().dir("gateway-data-e"))
                .withExtra("""
                        dhcp:
                          enabled: true
                          pool: {start: 192.0.2.100, end: 192.0.2.199}
                        proxy:
                          enabled: false
                        smtp:
                          enabled: false
                        dns:
                          enabled: false
                        """);
        GatewayProcess refused = GatewayProcess.startJar(net.gateway(), StableJar.copyInto(net.workDir().dir("")), config, dir);
        assertThat(refused.daemon().awaitExit(Duration.ofSeconds(90))).as(refused.daemon().logTail(30)).isPresent();
        assertThat(refused.daemon().logTail(60)).contains("another DHCP server answers on lan0: server 192.0.2.250");
        dnsmasq.stop(Duration.ofSeconds(5));
        c3.ip("addr", "del", "192.0.2.250/24", "dev", "eth0");
    }
}
