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
    void aReusedConnectionIsWatchedForCloseOnlyOnce() {
        OriginPool pool = new OriginPool(4);
        CountingCloseFuture a = new CountingCloseFuture();
        for (int i = 0; i < 100; i++) {
            pool.release(key, a);
            assertThat(pool.poll(key)).isSameAs(a);
        }
        pool.release(key, a);
        assertThat(a.closeFutureCalls).as("close listeners added").isEqualTo(1);
        a.close();
        a.runPendingTasks();
        assertThat(pool.idleCount(key)).isZero();
    }

    /** Counts who asks for its close future, i.e. how many close listeners the pool adds. */
    private static final class CountingCloseFuture extends EmbeddedChannel {
        int closeFutureCalls;

        @Override
        public io.netty.channel.ChannelFuture closeFuture() {
            closeFutureCalls++;
            return super.closeFuture();
        }
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
