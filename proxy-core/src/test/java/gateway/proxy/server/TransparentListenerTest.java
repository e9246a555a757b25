package gateway.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gateway.proxy.config.ProxyConfig;
import io.netty.channel.epoll.Epoll;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The transparent listener on loopback without any netfilter rule: a direct connection's original
 * destination is the proxy itself, which must be answered as a loop, not forwarded to itself.
 * Needs epoll and CAP_NET_ADMIN (IP_TRANSPARENT); the real diverted path is in it-tests.
 */
class TransparentListenerTest {

    private static boolean canUseTransparentSockets() {
        if (!Epoll.isAvailable()) {
            return false;
        }
        try {
            Process p = new ProcessBuilder("sh", "-c", "grep CapEff /proc/self/status").start();
            String line = new String(p.getInputStream().readAllBytes()).trim();
            long caps = Long.parseLong(line.substring(line.indexOf(':') + 1).trim(), 16);
            return (caps & (1L << 12)) != 0; // CAP_NET_ADMIN
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void listenerHasIpTransparentAndADirectConnectionToItIsALoop() throws Exception {
        assumeTrue(canUseTransparentSockets(), "needs epoll and CAP_NET_ADMIN");
        ProxyConfig config = ProxyConfig.defaults()
                .withTransparentListen(Optional.of(new InetSocketAddress("127.0.0.1", 0)))
                .withExplicitListen(Optional.empty())
                .withAccessLog("");
        ProxyServer proxy = ProxyServer.builder(config).threads(1).build();
        try {
            proxy.start();
            InetSocketAddress bound = proxy.boundAddresses().get(0);
            try (RawHttp c = new RawHttp(bound)) {
                RawHttp.Response r = c.send("GET / HTTP/1.1\r\nHost: example.test\r\n\r\n").read();
                assertThat(r.status()).isEqualTo(508);
                assertThat(r.text()).contains("original destination").contains(String.valueOf(bound.getPort()));
            }
        } finally {
            proxy.stop(Duration.ofSeconds(1));
        }
    }
}
