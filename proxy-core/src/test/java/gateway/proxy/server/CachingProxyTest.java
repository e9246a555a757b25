package gateway.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.proxy.cache.StoredBody;
import gateway.proxy.config.ProxyConfig;
import gateway.proxy.metrics.AccessRecord;
import gateway.proxy.metrics.CacheResult;
import gateway.proxy.metrics.ProxyListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cache inside the running proxy (explicit mode, loopback origin). */
class CachingProxyTest {
    private TestOrigin origin;
    private ProxyServer proxy;
    private final List<AccessRecord> records = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.Semaphore collapsed = new java.util.concurrent.Semaphore(0);

    @BeforeEach
    void setUp() throws IOException {
        origin = new TestOrigin();
        proxy = ProxyServer.builder(ProxyConfig.defaults()
                        .withExplicitListen(Optional.of(new InetSocketAddress("127.0.0.1", 0))).withAccessLog(""))
                .threads(1)
                .listener(new ProxyListener() {
                    @Override
                    public void requestCompleted(AccessRecord record) {
                        records.add(record);
                    }

                    @Override
                    public void requestCollapsed(String url) {
                        collapsed.release();
                    }
                })
                .build();
        proxy.start();
    }

    @AfterEach
    void tearDown() {
        proxy.stop(Duration.ofSeconds(2));
        origin.close();
        // every stored body and every served slice of one was released, exactly once
        assertThat(StoredBody.liveBuffers()).as("off-heap cache buffers after stop").isZero();
    }

    private RawHttp.Response get(RawHttp c, String path, String... extraHeaders) throws IOException {
        StringBuilder request = new StringBuilder("GET " + origin.url(path) + " HTTP/1.1\r\nHost: x\r\n");
        for (String h : extraHeaders) {
            request.append(h).append("\r\n");
        }
        return c.send(request.append("\r\n").toString()).read();
    }

    /** Records are written just after the response is flushed: wait (bounded) for them. */
    private List<AccessRecord> records(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (records.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return records;
    }

    private long originRequests(String path) {
        return origin.seen.stream().filter(s -> s.uri().equals(path)).count();
    }

    @Test
    void rfc5861_staleIfErrorServesTheStaleCopyWhenTheOriginAnswers503() throws Exception {
        try (RawHttp c = new RawHttp(proxy.boundAddresses().get(0))) {
            assertThat(get(c, "/flaky/stale-if-error").text()).isEqualTo("kept");
            origin.failing = true;
            RawHttp.Response stale = get(c, "/flaky/stale-if-error");
            assertThat(stale.status()).isEqualTo(200);
            assertThat(stale.text()).isEqualTo("kept");
            RawHttp.Response refused = get(c, "/flaky/must-revalidate"); // not stored yet: the 503 itself
            assertThat(refused.status()).isEqualTo(503);
        }
        assertThat(records(3)).extracting(AccessRecord::cache)
                .containsExactly(CacheResult.MISS, CacheResult.STALE, CacheResult.MISS);
        assertThat(originRequests("/flaky/stale-if-error")).isEqualTo(2);
    }

    @Test
    void rfc5861_staleIfErrorServesTheStaleCopyWhenTheOriginIsDown() throws Exception {
        try (RawHttp c = new RawHttp(proxy.boundAddresses().get(0))) {
            assertThat(get(c, "/flaky/stale-if-error").text()).isEqualTo("kept");
            assertThat(get(c, "/flaky/must-revalidate").text()).isEqualTo("kept");
            origin.close(); // connections now refused
            RawHttp.Response stale = get(c, "/flaky/stale-if-error");
            assertThat(stale.status()).isEqualTo(200);
            assertThat(stale.text()).isEqualTo("kept");
            // must-revalidate forbids serving stale (RFC 9111 section 5.2.2.2): the failure shows
            assertThat(get(c, "/flaky/must-revalidate").status()).isEqualTo(502);
        }
        assertThat(records(4)).extracting(AccessRecord::cache)
                .containsExactly(CacheResult.MISS, CacheResult.MISS, CacheResult.STALE, CacheResult.MISS);
    }

    @Test
    void repeatedCacheableGetIsAHitAndNeverReachesTheOriginAgain() throws Exception {
        try (RawHttp c = new RawHttp(proxy.boundAddresses().get(0))) {
            RawHttp.Response first = get(c, "/cached");
            RawHttp.Response second = get(c, "/cached");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.text()).isEqualTo(first.text()).isEqualTo("hello /cached");
            assertThat(second.header("age")).isNotNull();
            assertThat(second.header("via")).isEqualTo("1.1 gateway");
        }
        assertThat(originRequests("/cached")).isEqualTo(1);
        assertThat(records(2)).extracting(AccessRecord::cache).containsExactly(CacheResult.MISS, CacheResult.HIT);
        assertThat(proxy.counters().snapshot()).containsEntry("requests", 2L).containsEntry("cache_hits", 1L)
                .containsEntry("cache_misses", 1L).containsEntry("spoofing_abandoned", "no");
    }

    @Test
    void staleEntryIsRevalidatedWithIfNoneMatchAnd304Refreshes() throws Exception {
        try (RawHttp c = new RawHttp(proxy.boundAddresses().get(0))) {
            assertThat(get(c, "/etag").text()).isEqualTo("etag body");
            RawHttp.Response second = get(c, "/etag");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.text()).isEqualTo("etag body");
            assertThat(second.header("x-refreshed")).isEqualTo("yes");
        }
        assertThat(originRequests("/etag")).isEqualTo(2);
        assertThat(records(2)).extracting(AccessRecord::cache)
                .containsExactly(CacheResult.MISS, CacheResult.REVALIDATED);
    }

    @Test
    void unsafeMethodInvalidatesTheStoredUrl() throws Exception {
        try (RawHttp c = new RawHttp(proxy.boundAddresses().get(0))) {
            get(c, "/echo?x");
            c.send("POST " + origin.url("/echo?x") + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi").read();
            get(c, "/echo?x");
        }
        assertThat(origin.seen.stream().filter(s -> s.method().equals("GET")).count()).isEqualTo(2);
    }

    @Test
    void setCookieAndPrivateResponsesAreNotShared() throws Exception {
        try (RawHttp c = new RawHttp(proxy.boundAddresses().get(0))) {
            get(c, "/cookie");
            get(c, "/cookie");
            get(c, "/private");
            get(c, "/private");
        }
        assertThat(originRequests("/cookie")).isEqualTo(2);
        assertThat(originRequests("/private")).isEqualTo(2);
    }

    @Test
    void rangeIsServedFromTheCompleteStoredObject() throws Exception {
        try (RawHttp c = new RawHttp(proxy.boundAddresses().get(0))) {
            get(c, "/ranged");
            RawHttp.Response part = get(c, "/ranged", "Range: bytes=6-9");
            assertThat(part.status()).isEqualTo(206);
            assertThat(part.text()).isEqualTo("/ran");
            assertThat(part.header("content-range")).isEqualTo("bytes 6-9/13");
            RawHttp.Response outside = get(c, "/ranged", "Range: bytes=100-");
            assertThat(outside.status()).isEqualTo(416);
        }
        assertThat(originRequests("/ranged")).isEqualTo(1);
    }

    @Test
    void concurrentMissesCollapseIntoOneOriginFetch() throws Exception {
        int clients = 5;
        List<RawHttp> connections = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                RawHttp c = new RawHttp(proxy.boundAddresses().get(0));
                connections.add(c);
                c.send("GET " + origin.url("/gate") + " HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            assertThat(collapsed.tryAcquire(clients - 1, 10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            origin.gate.countDown();
            for (RawHttp c : connections) {
                assertThat(c.read().text()).isEqualTo("gated");
            }
        } finally {
            for (RawHttp c : connections) {
                c.close();
            }
        }
        assertThat(originRequests("/gate")).isEqualTo(1);
        assertThat(records(clients)).extracting(AccessRecord::cache).containsOnly(CacheResult.MISS, CacheResult.HIT)
                .filteredOn(r -> r == CacheResult.HIT).hasSize(clients - 1);
    }

    @Test
    void section4_3_2_aClientsOwnConditionIsAnsweredFromTheCache() throws Exception {
        try (RawHttp c = new RawHttp(proxy.boundAddresses().get(0))) {
            get(c, "/tagged");
            RawHttp.Response plain = get(c, "/tagged", "If-None-Match: \"nope\"");
            assertThat(plain.status()).isEqualTo(200);
            assertThat(plain.text()).isEqualTo("hello /tagged");
            // the stored response's Date is not after this date: 304, from the cache
            RawHttp.Response notModified = get(c, "/tagged", "If-Modified-Since: Thu, 01 Jan 2099 00:00:00 GMT");
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(notModified.header("cache-control")).isEqualTo("max-age=60");
            assertThat(notModified.header("age")).isNotNull();
            // and the connection is still usable after the bodiless answer
            assertThat(get(c, "/tagged").text()).isEqualTo("hello /tagged");
        }
        assertThat(originRequests("/tagged")).isEqualTo(1);
    }

    @Test
    void headIsAnsweredFromAStoredGet() throws Exception {
        try (RawHttp c = new RawHttp(proxy.boundAddresses().get(0))) {
            get(c, "/headed");
            RawHttp.Response head = c.send("HEAD " + origin.url("/headed") + " HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo("13");
            assertThat(get(c, "/headed").text()).isEqualTo("hello /headed");
        }
        assertThat(originRequests("/headed")).isEqualTo(1);
        assertThat(records(3)).extracting(AccessRecord::cache)
                .containsExactly(CacheResult.MISS, CacheResult.HIT, CacheResult.HIT);
    }

    @Test
    void requestNoStoreAndNoCacheReachTheOrigin() throws Exception {
        try (RawHttp c = new RawHttp(proxy.boundAddresses().get(0))) {
            get(c, "/nc");
            get(c, "/nc", "Cache-Control: no-store");
            get(c, "/nc", "Cache-Control: no-cache");
        }
        assertThat(originRequests("/nc")).isEqualTo(3);
    }

    private static final String BODY_200 = "0123456789".repeat(20);

    @Test
    void rfc9110_13_1_1_ifMatchAndIfUnmodifiedSinceAreAnsweredFromTheCache() throws Exception {
        try (RawHttp c = new RawHttp(proxy.boundAddresses().get(0))) {
            assertThat(get(c, "/validated").text()).isEqualTo(BODY_200);
            assertThat(get(c, "/validated", "If-Match: \"r0\", \"r1\"").text()).isEqualTo(BODY_200);
            RawHttp.Response failed = get(c, "/validated", "If-Match: \"r2\"");
            assertThat(failed.status()).isEqualTo(412);
            assertThat(failed.body()).isEmpty();
            assertThat(get(c, "/validated", "If-Match: W/\"r1\"").status()).isEqualTo(412);
            assertThat(get(c, "/validated", "If-Match: r1").status()).as("malformed").isEqualTo(412);
            assertThat(get(c, "/validated", "If-Unmodified-Since: Wed, 31 Dec 2025 00:00:00 GMT").status())
                    .isEqualTo(412);
            assertThat(get(c, "/validated", "If-Unmodified-Since: Thu, 01 Jan 2026 00:00:00 GMT").status())
                    .isEqualTo(200);
            assertThat(get(c, "/validated", "If-Unmodified-Since: yesterday").status()).as("ignored").isEqualTo(200);
            RawHttp.Response head = c.send("HEAD " + origin.url("/validated")
                    + " HTTP/1.1\r\nHost: x\r\nIf-Match: \"r2\"\r\n\r\n").read(true);
            assertThat(head.status()).isEqualTo(412);
            // still in step after the bodiless answers
            assertThat(get(c, "/validated").text()).isEqualTo(BODY_200);
        }
        assertThat(originRequests("/validated")).isEqualTo(1);
    }

    @Test
    void rfc9110_13_1_5_ifRangeIsAnsweredFromTheCache() throws Exception {
        try (RawHttp c = new RawHttp(proxy.boundAddresses().get(0))) {
            get(c, "/validated");
            for (String validator : new String[] {"\"r1\"", "Thu, 01 Jan 2026 00:00:00 GMT"}) {
                RawHttp.Response part = get(c, "/validated", "Range: bytes=10-13", "If-Range: " + validator);
                assertThat(part.status()).as(validator).isEqualTo(206);
                assertThat(part.header("content-range")).isEqualTo("bytes 10-13/200");
                assertThat(part.text()).isEqualTo("0123");
            }
            for (String validator : new String[] {"\"r2\"", "W/\"r1\"", "Thu, 01 Jan 2026 00:00:01 GMT",
                    "nonsense", "\"r1"}) {
                RawHttp.Response whole = get(c, "/validated", "Range: bytes=10-13", "If-Range: " + validator);
                assertThat(whole.status()).as(validator).isEqualTo(200);
                assertThat(whole.text()).isEqualTo(BODY_200);
            }
        }
        assertThat(originRequests("/validated")).isEqualTo(1);
    }

    @Test
    void rfc9110_14_6_multipleRangesAreAnsweredMultipartFromTheCache() throws Exception {
        try (RawHttp c = new RawHttp(proxy.boundAddresses().get(0))) {
            get(c, "/validated");
            RawHttp.Response parts = get(c, "/validated", "Range: bytes=0-1, 198-");
            assertThat(parts.status()).isEqualTo(206);
            String type = parts.header("content-type");
            assertThat(type).startsWith("multipart/byteranges; boundary=");
            String boundary = type.substring(type.indexOf('=') + 1);
            assertThat(parts.text()).isEqualTo("--" + boundary + "\r\nContent-Type: text/plain\r\n"
                    + "Content-Range: bytes 0-1/200\r\n\r\n01\r\n--" + boundary + "\r\nContent-Type: text/plain\r\n"
                    + "Content-Range: bytes 198-199/200\r\n\r\n89\r\n--" + boundary + "--\r\n");
            RawHttp.Response merged = get(c, "/validated", "Range: bytes=0-5, 3-9, 5-7");
            assertThat(merged.status()).isEqualTo(206);
            assertThat(merged.header("content-range")).isEqualTo("bytes 0-9/200");
            assertThat(merged.text()).isEqualTo("0123456789");
            String many = "Range: bytes=" + "0-0,".repeat(16) + "0-0";
            assertThat(get(c, "/validated", many).text()).as("17 ranges: the whole").isEqualTo(BODY_200);
            assertThat(get(c, "/validated", "Range: bytes=0-1,x-3").text()).as("malformed").isEqualTo(BODY_200);
            assertThat(get(c, "/validated", "Range: bytes=300-,400-").status()).isEqualTo(416);
        }
        assertThat(originRequests("/validated")).isEqualTo(1);
        assertThat(records(6)).extracting(AccessRecord::cache).containsExactly(CacheResult.MISS, CacheResult.HIT,
                CacheResult.HIT, CacheResult.HIT, CacheResult.HIT, CacheResult.HIT);
    }

    @Test
    void rfc9111_4_3_5_aHeadResponseFreshensOrInvalidatesTheStoredGet() throws Exception {
        String head = "HEAD " + origin.url("/versioned") + " HTTP/1.1\r\nHost: x\r\nCache-Control: no-cache\r\n\r\n";
        try (RawHttp c = new RawHttp(proxy.boundAddresses().get(0))) {
            assertThat(get(c, "/versioned").header("x-request-count")).isEqualTo("1");
            assertThat(c.send(head).read(true).status()).isEqualTo(200); // the origin's count is now 2
            RawHttp.Response updated = get(c, "/versioned");
            assertThat(updated.header("x-request-count")).as("fields from the HEAD").isEqualTo("2");
            assertThat(updated.text()).isEqualTo(BODY_200);
            origin.version = 2;
            c.send(head).read(true); // another ETag: the stored GET no longer describes the resource
            RawHttp.Response refetched = get(c, "/versioned");
            assertThat(refetched.header("etag")).isEqualTo("\"v2\"");
        }
        assertThat(origin.seen.stream().filter(s -> s.uri().equals("/versioned")).map(TestOrigin.Seen::method))
                .containsExactly("GET", "HEAD", "HEAD", "GET");
        assertThat(records(5)).extracting(AccessRecord::cache).containsExactly(CacheResult.MISS, CacheResult.BYPASS,
                CacheResult.HIT, CacheResult.BYPASS, CacheResult.MISS);
    }
}
