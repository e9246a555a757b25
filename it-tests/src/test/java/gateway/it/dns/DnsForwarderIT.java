package gateway.it.dns;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.app.GatewayConfig;
import gateway.it.app.GatewayJar;
import gateway.it.app.GatewayProcess;
import gateway.it.clients.HttpReply;
import gateway.it.junit.RequiresNetns;
import gateway.it.junit.TopologyExtension;
import gateway.it.peers.PeerDir;
import gateway.it.peers.Unbound;
import gateway.it.topology.Topology;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway's DNS forwarder from a LAN client with real dig, against a real unbound that
 * serves {@code example.test} at 203.0.113.53 and logs every query. The first upstream in the
 * config (203.0.113.54) is a host with no DNS server, so every cold query also proves failover.
 * unbound truncates UDP answers above 512 bytes, so big answers prove the TCP retry. The last
 * test stops unbound to show serve-stale.
 */
@RequiresNetns(binaries = {"dig", "unbound", "curl", "ss"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DnsForwarderIT {

    private static final String GW = "192.0.2.1";
    private static final String UP = "203.0.113.53";

    @RegisterExtension
    static final TopologyExtension NET = TopologyExtension.of(b -> b.clients(1)
            .internetHost("dns1", 53).internetHost("dns2", 54));

    private static Unbound unbound;
    private static GatewayProcess app;

    @BeforeAll
    static void start() {
        Topology net = NET.topology();
        Unbound.Builder zone = Unbound.in(net.internet("dns1"), PeerDir.create(net.workDir().dir("unbound")))
                .listen(UP).zone("example.test", 60).maxUdpSize(512)
                .record("www.example.test. 300 IN A 203.0.113.80")
                .record("short.example.test. 2 IN A 203.0.113.81")
                .record("lan.example.test. 300 IN A 192.168.1.1");
        for (int i = 1; i <= 40; i++) {
            zone.record("big.example.test. 300 IN A 203.0.113." + (100 + i));
        }
        unbound = zone.start();
        PeerDir dir = PeerDir.create(net.workDir().dir("gateway"));
        GatewayConfig config = GatewayConfig.standard(dir.path("data")).withExtra("""
                dns:
                  listen: 192.0.2.1:53
                  upstreams: [203.0.113.54, 203.0.113.53]
                  upstream_timeout: 1s
                  hosts:
                    - name: nas
                      addresses: [192.0.2.10]
                proxy:
                  enabled: false
                smtp:
                  enabled: false
                """);
        app = GatewayProcess.startJar(net.gateway(), GatewayJar.require(), config, dir)
                .awaitStarted(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop(Duration.ofSeconds(20));
        }
    }

    private static Dig dig(String name, String type, String... options) {
        return Dig.query(NET.topology().client(1), GW, name, type, options);
    }

    private static String diagnostics() {
        return "\n" + app.daemon().logTail(40) + "\n" + unbound.diagnostics();
    }

    @Test
    @Order(1)
    void resolvesThroughTheSecondUpstreamWhenTheFirstIsDown() {
        Dig d = dig("www.example.test", "A");
        assertThat(d.status()).as(d.raw() + diagnostics()).isEqualTo("NOERROR");
        assertThat(d.answers()).as(d.raw()).singleElement()
                .satisfies(a -> assertThat(a.data()).isEqualTo("203.0.113.80"));
        assertThat(d.flag("ra")).isTrue();
        assertThat(unbound.queriesFor("www.example.test.", "A")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void secondQueryComesFromTheCacheWithALowerTtl() throws InterruptedException {
        Thread.sleep(1_100); // real daemons, real clock: TTLs count in whole seconds
        Dig d = dig("WWW.example.test", "A");
        assertThat(d.answers()).as(d.raw()).singleElement()
                .satisfies(a -> assertThat(a.ttl()).isLessThan(300));
        assertThat(unbound.queriesFor("www.example.test.", "A")).as(diagnostics()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void nxdomainIsCached() {
        Dig first = dig("nope.example.test", "A");
        Dig second = dig("nope.example.test", "A");
        assertThat(first.status()).as(first.raw()).isEqualTo("NXDOMAIN");
        assertThat(second.status()).as(second.raw()).isEqualTo("NXDOMAIN");
        assertThat(unbound.queriesFor("nope.example.test.", "A")).as(diagnostics()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void answersOverTcp() {
        Dig d = dig("www.example.test", "A", "+tcp");
        assertThat(d.answers()).as(d.raw()).hasSize(1);
    }

    @Test
    @Order(5)
    void truncatedUpstreamAnswerIsFetchedOverTcpAndTruncatedForASmallClient() {
        Dig full = dig("big.example.test", "A");
        assertThat(full.flag("tc")).as(full.raw()).isFalse();
        assertThat(full.answers()).as(full.raw() + diagnostics()).hasSize(40);
        Dig small = dig("big.example.test", "A", "+noedns", "+ignore");
        assertThat(small.flag("tc")).as(small.raw()).isTrue();
        Dig tcp = dig("big.example.test", "A", "+tcp");
        assertThat(tcp.answers()).as(tcp.raw()).hasSize(40);
    }

    @Test
    @Order(6)
    void lanNamesAreAnsweredLocallyAndNeverForwarded() {
        Dig nas = dig("nas.home.arpa", "A");
        assertThat(nas.flag("aa")).as(nas.raw()).isTrue();
        assertThat(nas.answers()).singleElement().satisfies(a -> assertThat(a.data()).isEqualTo("192.0.2.10"));
        Dig ptr = dig("10.2.0.192.in-addr.arpa", "PTR");
        assertThat(ptr.answers()).as(ptr.raw()).singleElement()
                .satisfies(a -> assertThat(a.data()).isEqualTo("nas.home.arpa."));
        assertThat(dig("ghost.home.arpa", "A").status()).isEqualTo("NXDOMAIN");
        assertThat(dig("99.2.0.192.in-addr.arpa", "PTR").status()).isEqualTo("NXDOMAIN");
        assertThat(unbound.logLines()).noneMatch(l -> l.contains("home.arpa") || l.contains("2.0.192.in-addr"));
    }

    @Test
    @Order(7)
    void publicNameWithAPrivateAddressIsDropped() {
        Dig d = dig("lan.example.test", "A");
        assertThat(d.answers()).as(d.raw()).isEmpty();
    }

    @Test
    @Order(8)
    void clientsOutsideTheLanAreRefused() {
        Dig d = Dig.query(NET.topology().internet("dns2"), GW, "www.example.test", "A");
        assertThat(d.status()).as(d.raw()).isEqualTo("REFUSED");
    }

    @Test
    @Order(9)
    void statsThroughTheAdminEndpoint() {
        HttpReply stats = app.admin(NET.topology().client(1), "/dns/stats");
        assertThat(stats.status()).as(stats.describe()).isEqualTo(200);
        assertThat(stats.body()).containsPattern("\"cache_hits\"\\s*:\\s*[1-9]")
                .containsPattern("\"upstream_failures\"\\s*:\\s*[1-9]");
    }

    @Test
    @Order(10)
    void expiredAnswerIsServedStaleWhenEveryUpstreamIsDown() throws InterruptedException {
        Dig fresh = dig("short.example.test", "A");
        assertThat(fresh.answers()).as(fresh.raw()).hasSize(1);
        unbound.close();
        Thread.sleep(3_000); // let the 2 s TTL run out on the real clock
        Dig stale = dig("short.example.test", "A");
        assertThat(stale.status()).as(stale.raw() + diagnostics()).isEqualTo("NOERROR");
        assertThat(stale.answers()).singleElement().satisfies(a -> {
            assertThat(a.data()).isEqualTo("203.0.113.81");
            assertThat(a.ttl()).isEqualTo(30); // RFC 8767 section 4
        });
        assertThat(dig("never-seen.example.test", "A").status()).isEqualTo("SERVFAIL");
    }
}
