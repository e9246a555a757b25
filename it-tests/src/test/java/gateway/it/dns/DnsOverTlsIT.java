package gateway.it.dns;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.app.GatewayConfig;
import gateway.it.app.GatewayJar;
import gateway.it.app.GatewayProcess;
import gateway.it.junit.RequiresNetns;
import gateway.it.junit.TopologyExtension;
import gateway.it.netns.ProcessRunner;
import gateway.it.peers.PeerDir;
import gateway.it.peers.Unbound;
import gateway.it.topology.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway forwards over DNS over TLS (RFC 7858) to a real unbound serving TLS on port 853
 * with a certificate for {@code dns.example.test}, verified against that certificate as the
 * trust anchor; a second gateway that expects another name refuses the server and answers
 * SERVFAIL without sending the query.
 */
@RequiresNetns(binaries = {"dig", "unbound", "openssl", "ss"})
class DnsOverTlsIT {

    @RegisterExtension
    static final TopologyExtension NET = TopologyExtension.of(b -> b.clients(1).internetHost("dns1", 53));

    @Test
    void resolvesOverVerifiedTlsAndRefusesAWrongName() {
        Topology net = NET.topology();
        PeerDir up = PeerDir.create(net.workDir().dir("unbound"));
        Path pem = up.path("dns.pem");
        Path key = up.path("dns.key");
        ProcessRunner.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=dns.example.test", "-addext", "subjectAltName=DNS:dns.example.test",
                "-keyout", key.toString(), "-out", pem.toString()), null, Duration.ofSeconds(60)).orThrow();
        Unbound unbound = Unbound.in(net.internet("dns1"), up).listen("203.0.113.53").zone("example.test", 60)
                .record("www.example.test. 300 IN A 203.0.113.80").tls(pem, key).start();

        GatewayProcess good = start(net, "gateway", "dns.example.test", pem);
        try {
            Dig d = Dig.query(net.client(1), "192.0.2.1", "www.example.test", "A");
            assertThat(d.answers()).as(d.raw() + good.daemon().logTail(20) + unbound.diagnostics())
                    .singleElement().satisfies(a -> assertThat(a.data()).isEqualTo("203.0.113.80"));
            assertThat(unbound.queriesFor("www.example.test.", "A")).isEqualTo(1);
        } finally {
            good.stop(Duration.ofSeconds(20));
        }

        GatewayProcess wrong = start(net, "gateway-wrong", "other.example.test", pem);
        try {
            Dig d = Dig.query(net.client(1), "192.0.2.1", "nope.example.test", "A");
            assertThat(d.status()).as(d.raw()).isEqualTo("SERVFAIL");
            assertThat(unbound.queriesFor("nope.example.test.", "A")).isZero();
        } finally {
            wrong.stop(Duration.ofSeconds(20));
        }
    }

    private static GatewayProcess start(Topology net, String name, String tlsName, Path ca) {
        PeerDir dir = PeerDir.create(net.workDir().dir(name));
        GatewayConfig config = GatewayConfig.standard(dir.path("data")).withExtra("""
                dns:
                  listen: 192.0.2.1:53
                  upstream_timeout: 3s
                  persist_cache: false
                  tls_upstreams:
                    - address: 203.0.113.53:853
                      name: %s
                  tls_ca_file: %s
                proxy:
                  enabled: false
                smtp:
                  enabled: false
                """.formatted(tlsName, ca));
        return GatewayProcess.startJar(net.gateway(), GatewayJar.require(), config, dir)
                .awaitStarted(Duration.ofSeconds(90));
    }
}
