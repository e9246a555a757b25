package gateway.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class OriginPoolTest {
    private final OriginPool.Key key = OriginPool.Key.of(new InetSocketAddress("203.0.113.80", 80), null);

    @Test
    void keepsAtMostTheBoundAndClosesTheRest() {
        OriginPool pool = new OriginPool(2);
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        EmbeddedChannel c = new EmbeddedChannel();
        pool.release(key, a);
        pool.release(key, b);
        pool.release(key, c);
        assertThat(pool.idleCount(key)).isEqualTo(2);
        assertThat(c.isOpen()).isFalse();
        assertThat(pool.poll(key)).isSameAs(b);
        assertThat(pool.poll(key)).isSameAs(a);
        assertThat(pool.poll(key)).isNull();
    }

    @Test
    void closedConnectionsLeaveThePool() {
        OriginPool pool = new OriginPool(4);
        EmbeddedChannel a = new EmbeddedChannel();
        pool.release(key, a);
        a.close();
        a.runPendingTasks();
        assertThat(pool.idleCount(key)).isZero();
        assertThat(pool.poll(key)).isNull();
    }

    @Test
    void spoofedConnectionsAreKeptPerClient() throws Exception {
        OriginPool pool = new OriginPool(4);
        OriginPool.Key forClient = OriginPool.Key.of(new InetSocketAddress("203.0.113.80", 80),
                InetAddress.getByName("192.0.2.10"));
        pool.release(forClient, new EmbeddedChannel());
        assertThat(pool.poll(key)).isNull();
        assertThat(pool.poll(OriginPool.Key.of(new InetSocketAddress("203.0.113.80", 80),
                InetAddress.getByName("192.0.2.11")))).isNull();
        assertThat(pool.poll(forClient)).isNotNull();
    }
}
