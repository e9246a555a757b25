package gateway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.app.GatewayConfig;
import gateway.it.app.GatewayJar;
import gateway.it.app.GatewayProcess;
import gateway.it.clients.HttpReply;
import gateway.it.junit.RequiresNetns;
import gateway.it.junit.TopologyExtension;
import gateway.it.peers.PeerDir;
import gateway.it.topology.Topology;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real fat jar starts inside the gateway namespace, answers /health and /version on its admin
 * address to a LAN client, and exits 0 on SIGTERM. Fails (never skips) when the jar is missing.
 */
@RequiresNetns(binaries = {"curl", "ss"})
class GatewayJarIT {

    @RegisterExtension
    static final TopologyExtension NET = TopologyExtension.standard();

    @Test
    void startsAnswersHealthFromTheLanAndStopsOnSigterm() {
        Path jar = GatewayJar.require();
        Topology net = NET.topology();
        PeerDir dir = PeerDir.create(net.workDir().dir("gateway"));
        GatewayConfig config = GatewayConfig.standard(dir.path("data"));

        GatewayProcess app = GatewayProcess.startJar(net.gateway(), jar, config, dir)
                .awaitStarted(Duration.ofSeconds(90));
        String diagnostics = app.daemon().describe();

        assertThat(app.listener("admin")).as(diagnostics).isEqualTo(config.adminListen());
        HttpReply health = app.admin(net.client(1), "/health");
        assertThat(health.status()).as(health.describe() + app.daemon().describe()).isEqualTo(200);
        assertThat(health.body()).as(health.describe())
                .containsPattern("\"status\"\\s*:\\s*\"up\"").containsPattern("\"services\"\\s*:\\s*\\{");
        HttpReply version = app.admin(net.client(1), "/version");
        assertThat(version.status()).as(version.describe()).isEqualTo(200);
        assertThat(version.body()).as(version.describe()).isNotBlank();

        int exit = app.stop(Duration.ofSeconds(30));
        assertThat(exit).as("exit code after SIGTERM (143 = died of the signal, 137 = needed SIGKILL)\n"
                + app.daemon().describe()).isZero();
        assertThat(app.daemon().logLines()).as(app.daemon().describe())
                .anyMatch(line -> GatewayProcess.STOPPED.matcher(line).find());
    }
}
