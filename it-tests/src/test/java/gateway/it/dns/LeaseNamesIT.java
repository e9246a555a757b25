package gateway.it.dns;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.app.GatewayConfig;
import gateway.it.app.GatewayJar;
import gateway.it.app.GatewayProcess;
import gateway.it.junit.RequiresNetns;
import gateway.it.junit.TopologyExtension;
import gateway.it.netns.CommandResult;
import gateway.it.netns.Netns;
import gateway.it.peers.PeerDir;
import gateway.it.topology.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A LAN client's host name resolves through the gateway's DNS once dhclient got its lease from
 * the gateway's DHCP server (lease events feed the DNS names), with A and PTR, and is gone once
 * dhclient releases the lease.
 */
@RequiresNetns(binaries = {"dig", "dhclient", "ss"})
class LeaseNamesIT {

    private static final String GW = "192.0.2.1";

    @RegisterExtension
    static final TopologyExtension NET = TopologyExtension.of(b -> b.clients(1));

    @Test
    void hostNameFromTheLeaseResolvesUntilReleased() throws Exception {
        Topology net = NET.topology();
        PeerDir dir = PeerDir.create(net.workDir().dir("gateway"));
        GatewayConfig config = GatewayConfig.standard(dir.path("data")).withExtra("""
                dns:
                  listen: 192.0.2.1:53
                  upstreams: ["127.0.0.1:9"]
                dhcp:
                  enabled: true
                  pool:
                    start: 192.0.2.100
                    end: 192.0.2.120
                  other_server_probe: 0s
                  conflict_probe_timeout: 0s
                proxy:
                  enabled: false
                smtp:
                  enabled: false
                """);
        GatewayProcess app = GatewayProcess.startJar(net.gateway(), GatewayJar.require(), config, dir)
                .awaitStarted(Duration.ofSeconds(90));
        Netns client = net.client(1);
        PeerDir dh = PeerDir.create(net.workDir().dir("dhclient"));
        Path conf = dh.write("dhclient.conf", "send host-name \"laptop\";\n");
        // -sf /bin/true: the stock script would rewrite the host's resolv.conf (NOTES.md)
        List<String> common = List.of("-sf", "/bin/true", "-cf", conf.toString(),
                "-lf", dh.path("leases").toString(), "-pf", dh.path("dhclient.pid").toString(), "eth0");
        try {
            CommandResult got = client.exec(Duration.ofSeconds(40),
                    concat(List.of("dhclient", "-1", "-v"), common));
            assertThat(got.ok()).as(got.describe() + app.daemon().logTail(30)).isTrue();

            Dig a = awaitDig(client, "laptop.home.arpa", "A", d -> !d.answers().isEmpty());
            assertThat(a.flag("aa")).as(a.raw()).isTrue();
            String address = a.answers().get(0).data();
            assertThat(address).startsWith("192.0.2.1");
            String[] o = address.split("\\.");
            Dig ptr = Dig.query(client, GW, o[3] + "." + o[2] + "." + o[1] + "." + o[0] + ".in-addr.arpa", "PTR");
            assertThat(ptr.answers()).as(ptr.raw()).singleElement()
                    .satisfies(p -> assertThat(p.data()).isEqualTo("laptop.home.arpa."));

            CommandResult released = client.exec(Duration.ofSeconds(40),
                    concat(List.of("dhclient", "-r", "-v"), common));
            assertThat(released.ok()).as(released.describe()).isTrue();
            Dig gone = awaitDig(client, "laptop.home.arpa", "A", d -> d.status().equals("NXDOMAIN"));
            assertThat(gone.status()).as(gone.raw() + app.daemon().logTail(30)).isEqualTo("NXDOMAIN");
        } finally {
            client.exec(Duration.ofSeconds(10), concat(List.of("dhclient", "-x"), common));
            app.stop(Duration.ofSeconds(20));
        }
    }

    /** Asks until {@code done} holds or 15 s pass: lease events reach DNS asynchronously. */
    private static Dig awaitDig(Netns client, String name, String type, Predicate<Dig> done)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(15);
        Dig d = Dig.query(client, GW, name, type);
        while (!done.test(d) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            d = Dig.query(client, GW, name, type);
        }
        return d;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
