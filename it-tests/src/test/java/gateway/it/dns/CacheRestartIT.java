package gateway.it.dns;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.app.GatewayConfig;
import gateway.it.app.GatewayJar;
import gateway.it.app.GatewayProcess;
import gateway.it.junit.RequiresNetns;
import gateway.it.junit.TopologyExtension;
import gateway.it.peers.PeerDir;
import gateway.it.peers.Unbound;
import gateway.it.topology.Topology;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DNS cache survives a clean restart of the gateway: after SIGTERM and a new start, a name
 * resolved before is answered without asking unbound again, with the downtime off its TTL.
 */
@RequiresNetns(binaries = {"dig", "unbound", "ss"})
class CacheRestartIT {

    @RegisterExtension
    static final TopologyExtension NET = TopologyExtension.of(b -> b.clients(1).internetHost("dns1", 53));

    @Test
    void cachedAnswerSurvivesARestart() throws InterruptedException {
        Topology net = NET.topology();
        Unbound unbound = Unbound.in(net.internet("dns1"), PeerDir.create(net.workDir().dir("unbound")))
                .listen("203.0.113.53").zone("example.test", 60)
                .record("www.example.test. 3600 IN A 203.0.113.80").start();
        PeerDir dir = PeerDir.create(net.workDir().dir("gateway"));
        GatewayConfig config = GatewayConfig.standard(dir.path("data")).withExtra("""
                dns:
                  listen: 192.0.2.1:53
                  upstreams: [203.0.113.53]
                proxy:
                  enabled: false
                smtp:
                  enabled: false
                """);
        GatewayProcess first = GatewayProcess.startJar(net.gateway(), GatewayJar.require(), config, dir)
                .awaitStarted(Duration.ofSeconds(90));
        Dig before = Dig.query(net.client(1), "192.0.2.1", "www.example.test", "A");
        assertThat(before.answers()).as(before.raw()).hasSize(1);
        assertThat(first.stop(Duration.ofSeconds(20))).as(first.daemon().describe()).isZero();
        assertThat(dir.path("data").resolve("dns-cache.snapshot")).exists();

        Thread.sleep(2_000); // real clock: the downtime must show in the TTL
        // a fresh log (the first one already holds "gateway started"), the same data_dir
        PeerDir dir2 = PeerDir.create(net.workDir().dir("gateway2"));
        GatewayProcess second = GatewayProcess.startJar(net.gateway(), GatewayJar.require(), config, dir2)
                .awaitStarted(Duration.ofSeconds(90));
        try {
            Dig after = Dig.query(net.client(1), "192.0.2.1", "www.example.test", "A");
            assertThat(after.answers()).as(after.raw() + second.daemon().logTail(20)).singleElement()
                    .satisfies(a -> {
                        assertThat(a.data()).isEqualTo("203.0.113.80");
                        assertThat(a.ttl()).isLessThanOrEqualTo(3600 - 2);
                    });
            assertThat(unbound.queriesFor("www.example.test.", "A")).isEqualTo(1);
            assertThat(second.daemon().logLines()).anyMatch(l -> l.contains("entries loaded from"));
        } finally {
            second.stop(Duration.ofSeconds(20));
        }
    }
}
