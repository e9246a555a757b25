package gateway.proxy.handler;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.proxy.cache.CacheDecision;
import gateway.proxy.cache.CacheStrategy;
import gateway.proxy.cache.Fields;
import gateway.proxy.cache.Freshness;
import gateway.proxy.cache.HostResolver;
import gateway.proxy.cache.HttpCache;
import gateway.proxy.cache.StoredBody;
import gateway.proxy.cache.StoredResponse;
import gateway.proxy.config.CacheConfig;
import gateway.proxy.intercept.Target;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The Host-forgery defence (squid's answer to CVE-2009-0801) on intercepted responses. */
class CacheTicketTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** A GET's ticket after its lookup and decision, as the exchange makes it. */
    private static CacheTicket opened(HttpCache cache, CacheStrategy strategy, HostCheck hostCheck, Target target,
            HttpHeaders headers) {
        CacheTicket ticket = CacheTicket.create(cache, "GET", target, headers);
        assertThat(ticket.decide(ticket.find().join(), strategy, hostCheck, target, headers))
                .isInstanceOf(CacheDecision.Fetch.class);
        return ticket;
    }

    private static boolean storedAfterFetch(List<InetAddress> hostResolvesTo) throws Exception {
        return storedAfterFetch("site.test", hostResolvesTo);
    }

    private static boolean storedAfterFetch(String host, List<InetAddress> hostResolvesTo) throws Exception {
        try (HttpCache cache = new HttpCache(CacheConfig.defaults())) {
            CacheStrategy strategy = new CacheStrategy(new Freshness(Duration.ofDays(1)), Clock.fixed(NOW, ZoneOffset.UTC));
            HostResolver resolver = name -> CompletableFuture.completedFuture(hostResolvesTo);
            InetSocketAddress original = new InetSocketAddress(InetAddress.getByName("203.0.113.80"), 80);
            Target target = new Target(host, 80, original, "/x", true);
            CacheTicket ticket = opened(cache, strategy, new HostCheck(resolver), target,
                    new DefaultHttpHeaders().add("Host", "site.test"));
            ticket.requestSent(NOW);
            ticket.responseHead(200, "OK", Fields.of("Cache-Control", "max-age=60", "Content-Length", "2"), NOW);
            ticket.body(Unpooled.wrappedBuffer("ok".getBytes()));
            ticket.complete();
            StoredResponse stored = cache.lookup("http://" + host + "/x", Fields.of());
            ticket.release();
            if (stored == null) {
                return false;
            }
            assertThat(stored.body().toByteArray()).isEqualTo("ok".getBytes());
            stored.body().release();
            return true;
        } finally {
            assertThat(StoredBody.liveBuffers()).as("off-heap buffers left after the cache closed").isZero();
        }
    }

    @Test
    void responseIsStoredWhenHostResolvesToTheOriginalDestination() throws Exception {
        assertThat(storedAfterFetch(List.of(InetAddress.getByName("203.0.113.80")))).isTrue();
    }

    @Test
    void aBodyShorterOrLongerThanAnnouncedIsNotStored() throws Exception {
        for (String body : new String[] {"ok", "okokokok"}) {
            try (HttpCache cache = new HttpCache(CacheConfig.defaults())) {
                CacheStrategy strategy = new CacheStrategy(new Freshness(Duration.ofDays(1)),
                        Clock.fixed(NOW, ZoneOffset.UTC));
                Target target = new Target("203.0.113.80", 80,
                        new InetSocketAddress(InetAddress.getByName("203.0.113.80"), 80), "/x", true);
                CacheTicket ticket = opened(cache, strategy, new HostCheck(h -> null), target,
                        new DefaultHttpHeaders());
                ticket.requestSent(NOW);
                ticket.responseHead(200, "OK", Fields.of("Cache-Control", "max-age=60", "Content-Length", "5"), NOW);
                ticket.body(Unpooled.wrappedBuffer(body.getBytes()));
                ticket.complete();
                assertThat(cache.lookup("http://203.0.113.80/x", Fields.of())).as(body).isNull();
                ticket.release();
            }
            assertThat(StoredBody.liveBuffers()).isZero();
        }
    }

    @Test
    void ipLiteralHostIsComparedWithoutResolving() throws Exception {
        assertThat(storedAfterFetch("203.0.113.80", List.of())).isTrue();
        assertThat(storedAfterFetch("203.0.113.81", List.of())).isFalse();
    }

    @Test
    void forgedHostIsProxiedButNotStored() throws Exception {
        assertThat(storedAfterFetch(List.of(InetAddress.getByName("198.51.100.9")))).isFalse();
        assertThat(storedAfterFetch(List.of())).isFalse();
    }
}
