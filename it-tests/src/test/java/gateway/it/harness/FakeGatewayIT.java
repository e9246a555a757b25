package gateway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.app.GatewayConfig;
import gateway.it.app.GatewayProcess;
import gateway.it.clients.HttpReply;
import gateway.it.junit.RequiresNetns;
import gateway.it.junit.TopologyExtension;
import gateway.it.peers.PeerDir;
import gateway.it.topology.Topology;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proves {@link GatewayProcess} against a python stand-in that follows the jar's process contract
 * (log lines, /health on the admin address, exit 0 on SIGTERM), independent of the real app.
 */
@RequiresNetns(binaries = {"curl", "ss", "python3"})
class FakeGatewayIT {

    @RegisterExtension
    static final TopologyExtension NET = TopologyExtension.standard();

    @Test
    void harnessStartsWaitsQueriesAndStops() throws IOException {
        Topology net = NET.topology();
        PeerDir dir = PeerDir.create(net.workDir().dir("fake-gateway"));
        Path script = dir.path("fake-gateway.py");
        try (InputStream in = FakeGatewayIT.class.getResourceAsStream("/fake-gateway.py")) {
            Files.write(script, in.readAllBytes());
        }

        GatewayProcess app = GatewayProcess.start(net.gateway(), List.of("python3", script.toString()),
                GatewayConfig.standard(dir.path("data")), dir).awaitStarted(Duration.ofSeconds(20));

        assertThat(app.listeners()).containsEntry("admin", "192.0.2.1:9180");
        assertThat(net.gateway().pids()).as("the PID held is the process inside the namespace")
                .contains(app.daemon().pid());
        HttpReply health = app.admin(net.client(1), "/health");
        assertThat(health.status()).as(health.describe() + app.daemon().describe()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"up\"");
        assertThat(app.stop(Duration.ofSeconds(10))).as(app.daemon().describe()).isZero();
        assertThat(app.daemon().logLines()).anyMatch(line -> line.contains("gateway stopped"));
    }
}
