package gateway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.clients.Curl;
import gateway.it.clients.HttpReply;
import gateway.it.junit.RequiresNetns;
import gateway.it.junit.TopologyExtension;
import gateway.it.netns.Netns;
import gateway.it.peers.Nginx;
import gateway.it.peers.PeerDir;
import gateway.it.topology.Addresses;
import gateway.it.topology.Topology;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With no gateway software running, the gateway namespace is a plain router: a LAN client fetches
 * a page from nginx on the "internet", and the reply provably comes back through the gateway.
 */
@RequiresNetns(binaries = {"nginx", "curl", "nft", "ss"})
class PlainRouterIT {

    private static final String PAGE = "hello from the origin\n";

    @RegisterExtension
    static final TopologyExtension NET = TopologyExtension.standard();

    private static Nginx origin;

    @BeforeAll
    static void startOrigin() {
        Topology net = NET.topology();
        origin = Nginx.in(net.origin(), PeerDir.create(net.workDir().dir("nginx-origin")))
                .listen(Addresses.internetHost(Addresses.ORIGIN_OCTET), 80)
                .listen(Addresses.internetHost6(Addresses.ORIGIN_OCTET), 80)
                .file("index.html", PAGE)
                .start();
        // counts, in the gateway's forward path only, requests out to and replies back from port 80
        net.gateway().nft("""
                table inet gwit_probe {
                  counter requests { }
                  counter replies { }
                  chain forward {
                    type filter hook forward priority 0; policy accept;
                    iifname "lan0" oifname "wan0" tcp dport 80 counter name "requests"
                    iifname "wan0" oifname "lan0" tcp sport 80 counter name "replies"
                  }
                }
                """);
    }

    @Test
    void clientFetchesFromOriginThroughTheGateway() {
        Topology net = NET.topology();
        long requestsBefore = counter(net.gateway(), "requests");
        long repliesBefore = counter(net.gateway(), "replies");

        HttpReply reply = Curl.get(net.client(1), "http://203.0.113.80/index.html");

        assertThat(reply.status()).as(reply.describe() + origin.diagnostics()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo(PAGE);
        assertThat(origin.accessLog()).as(origin.diagnostics())
                .anyMatch(line -> line.startsWith(Addresses.client(1) + " ") && line.contains("GET /index.html"));
        assertThat(counter(net.gateway(), "requests")).as("request packets forwarded lan0 -> wan0")
                .isGreaterThan(requestsBefore);
        assertThat(counter(net.gateway(), "replies")).as("reply packets forwarded wan0 -> lan0")
                .isGreaterThan(repliesBefore);
    }

    @Test
    void clientFetchesOverIpv6Too() {
        Topology net = NET.topology();
        HttpReply reply = Curl.get(net.client(1), "http://[" + Addresses.internetHost6(Addresses.ORIGIN_OCTET) + "]/");

        assertThat(reply.status()).as(reply.describe() + origin.diagnostics()).isEqualTo(200);
        assertThat(origin.accessLog()).anyMatch(line -> line.startsWith(Addresses.client6(1) + " "));
    }

    @Test
    void withoutTheIspReturnRouteTheFetchFails() {
        Topology net = NET.topology();
        net.removeIspReturnRoute();
        try {
            HttpReply reply = Curl.get(net.client(1), "http://203.0.113.80/index.html", Duration.ofSeconds(2));
            assertThat(reply.status()).as(reply.describe()).isEqualTo(-1);
            assertThat(reply.curlExit()).as("curl: 28 = timed out").isEqualTo(28);
        } finally {
            net.restoreIspReturnRoute();
        }
        HttpReply again = Curl.get(net.client(1), "http://203.0.113.80/index.html");
        assertThat(again.status()).as(again.describe()).isEqualTo(200);
    }

    private static long counter(Netns netns, String name) {
        String listing = netns.execOk("nft", "list", "counter", "inet", "gwit_probe", name).stdout();
        Matcher packets = Pattern.compile("packets (\\d+)").matcher(listing);
        assertThat(packets.find()).as("nft counter listing:\n" + listing).isTrue();
        return Long.parseLong(packets.group(1));
    }
}
