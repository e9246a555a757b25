package gateway.it.dns;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.app.GatewayConfig;
import gateway.it.app.GatewayJar;
import gateway.it.app.GatewayProcess;
import gateway.it.clients.HttpReply;
import gateway.it.junit.RequiresNetns;
import gateway.it.junit.TopologyExtension;
import gateway.it.netns.CommandResult;
import gateway.it.peers.PeerDir;
import gateway.it.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code rate_limit_per_client: 1} (bursts of 2), a LAN client firing 10 queries in a row
 * gets the burst answered, then about one a second (each dropped query costs dig its 1 s
 * timeout), and the drops are counted in {@code /dns/stats}.
 */
@RequiresNetns(binaries = {"dig", "curl", "ss"})
class RateLimitIT {

    @RegisterExtension
    static final TopologyExtension NET = TopologyExtension.of(b -> b.clients(1));

    @Test
    void queriesOverTheClientsRateAreDropped() {
        Topology net = NET.topology();
        PeerDir dir = PeerDir.create(net.workDir().dir("gateway"));
        GatewayProcess app = GatewayProcess.startJar(net.gateway(), GatewayJar.require(),
                GatewayConfig.standard(dir.path("data")).withExtra("""
                        dns:
                          listen: 192.0.2.1:53
                          upstreams: ["127.0.0.1:9"]
                          rate_limit_per_client: 1
                          persist_cache: false
                          hosts:
                            - name: nas
                              addresses: [192.0.2.10]
                        proxy:
                          enabled: false
                        smtp:
                          enabled: false
                        """), dir).awaitStarted(Duration.ofSeconds(90));
        try {
            List<String> argv = new ArrayList<>(List.of("dig", "@192.0.2.1", "+tries=1", "+timeout=1"));
            for (int i = 0; i < 10; i++) {
                argv.addAll(List.of("nas.home.arpa", "A"));
            }
            CommandResult r = net.client(1).exec(Duration.ofSeconds(60), argv);
            long answered = r.stdout().lines().filter(l -> l.contains("status: NOERROR")).count();
            assertThat(answered).as(r.stdout()).isBetween(2L, 9L);
            HttpReply stats = app.admin(net.client(1), "/dns/stats");
            Matcher m = Pattern.compile("\"rate_limited\"\\s*:\\s*(\\d+)").matcher(stats.body());
            assertThat(m.find()).as(stats.body()).isTrue();
            assertThat(Long.parseLong(m.group(1))).isEqualTo(10 - answered);
        } finally {
            app.stop(Duration.ofSeconds(20));
        }
    }
}
