package gateway.proxy.handler;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.proxy.cache.CacheDecision;
import gateway.proxy.cache.CacheStrategy;
import gateway.proxy.cache.ConditionalRequest;
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

/**
 * The ticket's decisions and writes: the Host-forgery defence (squid's answer to CVE-2009-0801) on
 * intercepted responses, the client's preconditions against a fresh stored response, and a
 * HEAD's answer freshening a stored GET (RFC 9111 section 4.3.5).
 */
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

    private static final String ORIGIN = "203.0.113.80";

    private static CacheStrategy strategy() {
        return new CacheStrategy(new Freshness(Duration.ofDays(1)), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Target target(String host) throws Exception {
        return new Target(host, 80, new InetSocketAddress(InetAddress.getByName(ORIGIN), 80), "/x", true);
    }

    /** A fresh stored GET for http://{host}/x: ETag "v1", body "ok". */
    private static void storeGet(HttpCache cache, String host, String... extra) {
        Fields.Builder fields = Fields.builder().add("Cache-Control", "max-age=60").add("ETag", "\"v1\"");
        for (int i = 0; i < extra.length; i += 2) {
            fields.add(extra[i], extra[i + 1]);
        }
        StoredBody body = StoredBody.copyOf("ok".getBytes());
        cache.store(new StoredResponse("http://" + host + "/x", java.util.Map.of(), 200, "OK", fields.build(), NOW,
                NOW, body));
        body.release();
    }

    /** Sends a HEAD through a ticket as the exchange does; the origin answers 200 with {@code answer}. */
    private static void headAnswered(HttpCache cache, HostCheck hostCheck, String host, HttpHeaders request,
            Fields answer) throws Exception {
        CacheTicket ticket = CacheTicket.create(cache, "HEAD", target(host), request);
        assertThat(ticket.decide(ticket.find().join(), strategy(), hostCheck, target(host), request))
                .isInstanceOf(CacheDecision.Fetch.class);
        ticket.requestSent(NOW);
        ticket.responseHead(200, "OK", answer, NOW.plusSeconds(5));
        ticket.release();
    }

    private static CacheDecision decideGet(HttpCache cache, HttpHeaders request, CacheTicket[] out) throws Exception {
        CacheTicket ticket = CacheTicket.create(cache, "GET", target(ORIGIN), request);
        out[0] = ticket;
        return ticket.decide(ticket.find().join(), strategy(), new HostCheck(h -> null), target(ORIGIN), request);
    }

    @Test
    void rfc9110_13_1_1_aFailedIfMatchIsAnsweredFromTheFreshStoredResponse() throws Exception {
        try (HttpCache cache = new HttpCache(CacheConfig.defaults())) {
            storeGet(cache, ORIGIN);
            CacheTicket[] ticket = new CacheTicket[1];
            assertThat(decideGet(cache, new DefaultHttpHeaders().add("If-Match", "\"v0\""), ticket))
                    .isInstanceOf(CacheDecision.Serve.class);
            assertThat(ticket[0].verdict).isEqualTo(ConditionalRequest.Verdict.PRECONDITION_FAILED);
            assertThat(ticket[0].collapsible).isFalse();
            ticket[0].release();
            assertThat(decideGet(cache, new DefaultHttpHeaders().add("If-Match", "\"v1\"")
                    .add("If-None-Match", "\"v1\""), ticket)).isInstanceOf(CacheDecision.Serve.class);
            assertThat(ticket[0].verdict).isEqualTo(ConditionalRequest.Verdict.NOT_MODIFIED);
            ticket[0].release();
            assertThat(decideGet(cache, new DefaultHttpHeaders().add("If-Match", "\"v1\"")
                    .add("Range", "bytes=0-0").add("If-Range", "\"v1\""), ticket))
                    .isInstanceOf(CacheDecision.Serve.class);
            assertThat(ticket[0].verdict).isEqualTo(ConditionalRequest.Verdict.SERVE);
            ticket[0].release();
        }
        assertThat(StoredBody.liveBuffers()).isZero();
    }

    @Test
    void section4_3_5_aMatchingHeadResponseUpdatesTheStoredGet() throws Exception {
        try (HttpCache cache = new HttpCache(CacheConfig.defaults())) {
            storeGet(cache, ORIGIN, "X-Version", "1");
            headAnswered(cache, new HostCheck(h -> null), ORIGIN, new DefaultHttpHeaders().add("Cache-Control", "no-cache"),
                    Fields.of("ETag", "\"v1\"", "Content-Length", "2", "X-Version", "2", "Cache-Control", "max-age=90"));
            StoredResponse updated = cache.lookup("http://" + ORIGIN + "/x", Fields.of());
            assertThat(updated.headers().get("X-Version")).isEqualTo("2");
            assertThat(updated.headers().get("Cache-Control")).isEqualTo("max-age=90");
            assertThat(updated.headers().contains("Content-Length")).isFalse();
            assertThat(updated.responseTime()).isEqualTo(NOW.plusSeconds(5));
            assertThat(updated.body().toByteArray()).isEqualTo("ok".getBytes());
            updated.body().release();
        }
        assertThat(StoredBody.liveBuffers()).isZero();
    }

    @Test
    void section4_3_5_aHeadResponseForAnotherRepresentationRemovesTheStoredGet() throws Exception {
        for (Fields answer : List.of(Fields.of("ETag", "\"v2\"", "Content-Length", "2"),
                Fields.of("ETag", "\"v1\"", "Content-Length", "3"), Fields.of("Content-Length", "2"))) {
            try (HttpCache cache = new HttpCache(CacheConfig.defaults())) {
                storeGet(cache, ORIGIN);
                headAnswered(cache, new HostCheck(h -> null), ORIGIN,
                        new DefaultHttpHeaders().add("Cache-Control", "no-cache"), answer);
                assertThat(cache.lookup("http://" + ORIGIN + "/x", Fields.of())).as(answer.toString()).isNull();
            }
            assertThat(StoredBody.liveBuffers()).isZero();
        }
    }

    @Test
    void section4_3_5_aHeadWithAForgedHostUpdatesNothing() throws Exception {
        try (HttpCache cache = new HttpCache(CacheConfig.defaults())) {
            storeGet(cache, "site.test", "X-Version", "1");
            InetAddress other = InetAddress.getByName("198.51.100.9");
            HostResolver elsewhere = name -> CompletableFuture.completedFuture(List.of(other));
            headAnswered(cache, new HostCheck(elsewhere), "site.test",
                    new DefaultHttpHeaders().add("Cache-Control", "no-cache"),
                    Fields.of("ETag", "\"v1\"", "X-Version", "forged", "Cache-Control", "max-age=999999"));
            StoredResponse kept = cache.lookup("http://site.test/x", Fields.of());
            assertThat(kept.headers().get("X-Version")).isEqualTo("1");
            kept.body().release();
        }
        assertThat(StoredBody.liveBuffers()).isZero();
    }
}
