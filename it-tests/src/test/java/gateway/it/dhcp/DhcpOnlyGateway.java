package gateway.it.dhcp;

import gateway.it.app.GatewayConfig;
import gateway.it.app.GatewayProcess;
import gateway.it.netns.Netns;
import gateway.it.peers.PeerDir;
import gateway.it.topology.Topology;
import java.time.Duration;

/**
 * The gateway as the DHCP client tests run it: DHCP on with the given section, DNS on the LAN
 * address (lease names), proxy and SMTP off. Every run of one test class shares a data dir, so
 * leases survive restarts.
 */
final class DhcpOnlyGateway {
    static final String GW = "192.0.2.1";

    private DhcpOnlyGateway() {}

    /** Starts the gateway with {@code dhcpYaml} (the lines under {@code dhcp:}) and waits until it listens. */
    static GatewayProcess start(Topology net, String run, String dhcpYaml) {
        GatewayConfig config = GatewayConfig.standard(net.workDir().dir("gateway-data"))
                .withExtra("dhcp:\n  enabled: true\n" + dhcpYaml + """
                        proxy:
                          enabled: false
                        smtp:
                          enabled: false
                        dns:
                          listen: 192.0.2.1:53
                          upstreams: [203.0.113.53]
                        """);
        PeerDir dir = PeerDir.create(net.workDir().dir("gateway-" + run));
        GatewayProcess app = GatewayProcess.startJar(net.gateway(), StableJar.copyInto(net.workDir().dir("")), config, dir);
        return app.awaitStarted(Duration.ofSeconds(90));
    }

    /** {@code dig +short} against the gateway from a client. */
    static String dig(Netns from, String name, String type) {
        return from.exec("dig", "+short", "+time=2", "+tries=2", "@" + GW, name, type).stdout().trim();
    }
}
