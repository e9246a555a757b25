package gateway.it.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.app.GatewayProcess;
import gateway.it.junit.RequiresNetns;
import gateway.it.junit.TopologyExtension;
import gateway.it.netns.CommandResult;
import gateway.it.netns.Netns;
import gateway.it.peers.Dhcpcd;
import gateway.it.peers.PeerDir;
import gateway.it.topology.Topology;
import java.time.Duration;
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
 * The gateway's DHCP server with Debian's dhcpcd 9 (peer {@link Dhcpcd}), which is stricter than
 * dhclient and udhcpc: it identifies itself with an RFC 4361 client id (type 255, IAID + DUID),
 * asks for option 121 and then ignores option 3, requires the server identifier, sends rapid
 * commit, and ARP-probes the acknowledged address before it binds it. c1 runs the dynamic
 * client, c2 (fixed MAC) the reserved one.
 */
@RequiresNetns(binaries = {"dhcpcd", "unshare", "dig"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DhcpcdIT {
    private static final String GW = DhcpOnlyGateway.GW;
    private static final String C2_MAC = "02:00:00:00:02:02";
    private static final String DHCP = """
              pool: {start: 192.0.2.100, end: 192.0.2.199}
              routes: [198.51.100.0/24 via 192.0.2.254]
              reservations: [{mac: "02:00:00:00:02:02", address: 192.0.2.60, host_name: camera}]
            """;

    @RegisterExtension
    static final TopologyExtension NET = TopologyExtension.of(b -> b.clients(2).ipv6(false));

    private GatewayProcess app;

    @BeforeAll
    static void dhcpOnlyClients() {
        DhcpOnlyClients.prepare(NET.topology(), 2);
        DhcpOnlyClients.setMac(NET.topology(), 2, C2_MAC);
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

    private void start(String run) {
        app = DhcpOnlyGateway.start(NET.topology(), run, DHCP);
    }

    private String log() {
        return "\n" + app.daemon().logTail(40);
    }

    private static String dig(Netns from, String name) {
        return DhcpOnlyGateway.dig(from, name, "A");
    }

    @Test
    @Order(1)
    void dhcpcdGetsLeaseRoutesAndDnsThenRenewsRebindsAndReleases() {
        start("a");
        Netns c1 = NET.topology().client(1);
        Dhcpcd dhcpcd = Dhcpcd.start(c1, dir("dhcpcd-c1"), "eth0", "tablet");
        // ARP probing alone takes about 5 s before BOUND
        Map<String, String> bound = dhcpcd.events().await("BOUND", 1, Duration.ofSeconds(60));
        String address = bound.get("new_ip_address");
        assertThat(address).as(dhcpcd.daemon().logTail(30) + log()).startsWith("192.0.2.1");
        assertThat(bound).containsEntry("new_routers", GW).containsEntry("new_domain_name_servers", GW)
                .containsEntry("new_domain_name", "home.arpa").containsEntry("new_subnet_mask", "255.255.255.0")
                .containsEntry("new_dhcp_server_identifier", GW);
        // option 121 replaces option 3 for dhcpcd: the default route must come from the classless routes too
        assertThat(c1.exec("ip", "-4", "route", "show", "default").stdout()).contains("default via " + GW);
        assertThat(c1.exec("ip", "-4", "route", "show", "198.51.100.0/24").stdout()).contains("via 192.0.2.254");
        assertThat(dhcpcd.resolvConf()).contains("nameserver " + GW).contains("search home.arpa");
        assertThat(dig(c1, "tablet.home.arpa")).as(log()).isEqualTo(address);
        // the lease belongs to the RFC 4361 client id: 0xff, a 4-byte IAID, then dhcpcd's DUID
        String duid = dhcpcd.duid().replace(":", "");
        assertThat(duid).isNotEmpty();
        assertThat(leases()).containsPattern("\"client\" ?: ?\"id:ff[0-9a-f]{8}" + duid + "\"");

        assertThat(dhcpcd.renew().ok()).isTrue();
        assertThat(dhcpcd.events().await("RENEW", 1, Duration.ofSeconds(30))).containsEntry("new_ip_address", address);

        CommandResult rebind = dhcpcd.rebind();
        assertThat(rebind.ok()).as(rebind.describe()).isTrue();
        // -n: dhcpcd starts over from its lease (INIT-REBOOT), and calls the result RENEW
        assertThat(dhcpcd.events().await("RENEW", 2, Duration.ofSeconds(30)))
                .as(dhcpcd.daemon().logTail(30)).containsEntry("new_ip_address", address);
        assertThat(dhcpcd.daemon().logLines()).contains("eth0: rebinding lease of " + address);

        CommandResult release = dhcpcd.release();
        assertThat(release.ok()).as(release.describe()).isTrue();
        assertThat(dhcpcd.daemon().awaitExit(Duration.ofSeconds(15))).as("dhcpcd -k ends the daemon").isPresent();
        assertThat(dhcpcd.daemon().logTail(20)).contains("sending RELEASE");
        awaitLeases(l -> !l.contains("\"" + address + "\""));
        assertThat(dig(NET.topology().gateway(), "tablet.home.arpa")).as("name withdrawn with the lease").isEmpty();
        assertThat(c1.exec("ip", "-4", "addr", "show", "dev", "eth0").stdout()).doesNotContain(address);
        assertThat(dhcpcd.hasLeaseFile()).as("dhcpcd forgets a released lease").isFalse();
        dhcpcd.stop();
    }

    @Test
    @Order(2)
    void reservationByMacHoldsForAClientThatSendsADuidAndSurvivesARestartOfBoth() {
        start("b1");
        Netns c2 = NET.topology().client(2);
        PeerDir dir = dir("dhcpcd-c2");
        Dhcpcd first = Dhcpcd.start(c2, dir, "eth0", "whatever");
        // the client id (type 255) is preferred as the key, yet the MAC reservation still applies
        assertThat(first.events().await("BOUND", 1, Duration.ofSeconds(60)))
                .as(first.daemon().logTail(30) + log()).containsEntry("new_ip_address", "192.0.2.60");
        assertThat(dig(c2, "camera.home.arpa")).isEqualTo("192.0.2.60");
        assertThat(app.daemon().awaitLog(Pattern.compile("lease 192\\.0\\.2\\.60 to id:ff[0-9a-f]+ \\(camera\\)"),
                Duration.ofSeconds(5))).as("granted under the client id, with the reserved name").isNotNull();
        first.stop(); // SIGTERM: no RELEASE, the lease file stays
        assertThat(first.hasLeaseFile()).isTrue();
        assertThat(app.stop(Duration.ofSeconds(20))).isZero();
        app = null;

        start("b2");
        assertThat(leases()).as("recovered from the journal").contains("\"192.0.2.60\"");
        Dhcpcd again = Dhcpcd.start(c2, dir, "eth0", "whatever");
        // with its lease file dhcpcd starts in INIT-REBOOT ("rebinding lease"), and calls it BOUND
        assertThat(again.events().await("BOUND", 2, Duration.ofSeconds(60)))
                .as(again.daemon().logTail(30) + log()).containsEntry("new_ip_address", "192.0.2.60");
        String fromLease = again.daemon().logLines().stream().dropWhile(l -> !l.contains("rebinding lease of 192.0.2.60"))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(fromLease).as(again.daemon().logTail(30)).contains("acknowledged 192.0.2.60").doesNotContain("DISCOVER");
        assertThat(c2.exec("ip", "-4", "route", "show", "default").stdout()).contains("default via " + GW);
        assertThat(again.release().ok()).isTrue();
        assertThat(again.daemon().awaitExit(Duration.ofSeconds(15))).isPresent();
        awaitLeases(l -> !l.contains("\"192.0.2.60\""));
        again.stop();
    }

    @Test
    @Order(3)
    void whenRenewalsGoUnansweredDhcpcdRebindsByBroadcastAndKeepsItsAddress() {
        start("c");
        Netns c1 = NET.topology().client(1);
        // the shortest lease the server grants: T1 after 30 s, T2 after 52.5 s
        Dhcpcd dhcpcd = Dhcpcd.startAskingLease(c1, dir("dhcpcd-c1-rebind"), "eth0", "reader", 60);
        Map<String, String> bound = dhcpcd.events().await("BOUND", 1, Duration.ofSeconds(60));
        String address = bound.get("new_ip_address");
        assertThat(bound).as(dhcpcd.daemon().logTail(30) + log()).containsEntry("new_dhcp_lease_time", "60");
        // unicast renewals (RENEWING, through the UDP socket) never reach the server; the broadcast
        // REQUEST of REBINDING goes out through dhcpcd's BPF socket, which nftables does not see
        c1.nft("""
                table inet block_renew {
                  chain out {
                    type filter hook output priority 0;
                    ip daddr %s udp dport 67 drop
                  }
                }
                """.formatted(GW));
        try {
            Map<String, String> rebound = dhcpcd.events().await("REBIND", 1, Duration.ofSeconds(90));
            assertThat(rebound).as(dhcpcd.daemon().logTail(30)).containsEntry("new_ip_address", address);
            assertThat(dhcpcd.events().events()).doesNotContain("RENEW", "EXPIRE");
            assertThat(dhcpcd.daemon().logLines()).contains("eth0: renewing lease of " + address);
        } finally {
            c1.nft("delete table inet block_renew\n");
        }
        assertThat(leases()).contains("\"" + address + "\"");
        assertThat(dhcpcd.release().ok()).isTrue();
        assertThat(dhcpcd.daemon().awaitExit(Duration.ofSeconds(15))).isPresent();
        awaitLeases(l -> !l.contains("\"" + address + "\""));
        dhcpcd.stop();
    }

    /** The active leases as the running gateway reports them (asked from its own namespace). */
    private String leases() {
        return app.admin(NET.topology().gateway(), "/dhcp/leases").body();
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
}
