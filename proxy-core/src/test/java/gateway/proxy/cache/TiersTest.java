package gateway.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gateway.proxy.config.CacheConfig;
import io.netty.buffer.ByteBuf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TiersTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @AfterEach
    void everyBodyWasFreed() {
        assertThat(StoredBody.liveBuffers()).as("off-heap buffers left by the test").isZero();
    }

    /** A response with an off-heap body whose one reference the test holds. */
    private static StoredResponse response(String url, int size) {
        return new StoredResponse(url, Map.of(), 200, "OK", Fields.of("Cache-Control", "max-age=60"), T0, T0,
                StoredBody.copyOf(new byte[size]));
    }

    /** Stores and gives back the test's own reference, as the proxy does. */
    private static void store(HttpCache cache, StoredResponse r) {
        cache.store(r);
        r.body().release();
    }

    /** The looked-up body's bytes, or null; the lookup's reference is given back. */
    private static byte[] lookedUp(HttpCache cache, String url, Fields request) {
        StoredResponse r = cache.lookup(url, request);
        if (r == null) {
            return null;
        }
        try {
            return r.body().toByteArray();
        } finally {
            r.body().release();
        }
    }

    private CacheConfig config(long memory, long disk, long maxObject) {
        return new CacheConfig(true, memory, Optional.of(dir), disk, maxObject, Duration.ofDays(1));
    }

    @Test
    void memoryTierStaysWithinItsWeight() {
        List<StoredResponse> all = new ArrayList<>();
        try (MemoryTier tier = new MemoryTier(100_000)) {
            for (int i = 0; i < 50; i++) {
                StoredResponse r = response("http://a.test/" + i, 10_000);
                tier.put(r);
                r.body().release();
                all.add(r);
            }
            assertThat(tier.weight()).isLessThanOrEqualTo(100_000);
            // every evicted body was freed, exactly once (a second release would have thrown)
            assertThat(all.stream().filter(r -> r.body().freed()).count()).isEqualTo(50 - tier.size());
        }
        assertThat(all).allMatch(r -> r.body().freed());
    }

    @Test
    void aBodyServedWhileEvictedStaysValidUntilTheServerReleasesIt() {
        try (MemoryTier tier = new MemoryTier(30_000)) {
            StoredResponse first = response("http://a.test/first", 10_000);
            tier.put(first);
            first.body().release();
            StoredResponse served = tier.get("http://a.test/first", Fields.of());
            assertThat(served).isNotNull();
            ByteBuf slice = served.body().retainedSlice(0, 10_000);
            served.body().release();
            // Taken out of the tier (as eviction would, through the same removal listener; which
            // entry the size policy evicts first is Caffeine's choice, TinyLFU may keep "first").
            tier.remove("http://a.test/first");
            tier.upkeepNow();
            assertThat(tier.get("http://a.test/first", Fields.of())).isNull();
            assertThat(served.body().freed()).isFalse(); // the slice still holds the buffer
            assertThat(slice.readableBytes()).isEqualTo(10_000);
            slice.release();
            assertThat(served.body().freed()).isTrue();
        }
    }

    @Test
    void aLookupThatLosesTheRaceWithEvictionFindsNothing() {
        StoredBody body = StoredBody.copyOf(new byte[10]);
        body.release();
        assertThat(body.tryRetain()).isFalse();
        assertThat(body.freed()).isTrue();
        assertThatThrownBy(body::release).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void replacingAVariantFreesTheOldBodyAndARevalidatedOneSharesIt() {
        try (MemoryTier tier = new MemoryTier(1 << 20)) {
            StoredResponse old = response("http://a.test/", 100);
            tier.put(old);
            StoredResponse refreshed = old.refreshedBy(Fields.of("Cache-Control", "max-age=120"), T0, T0);
            tier.put(refreshed); // shares the body: the tier's reference moves from old to refreshed
            assertThat(old.body().freed()).isFalse();
            StoredResponse newer = response("http://a.test/", 200);
            tier.put(newer);
            newer.body().release();
            old.body().release(); // the test's own
            assertThat(old.body().freed()).isTrue();
            StoredResponse found = tier.get("http://a.test/", Fields.of());
            assertThat(found.body().length()).isEqualTo(200);
            found.body().release();
        }
    }

    @Test
    void varyVariantsLiveSideBySide() throws Exception {
        try (HttpCache cache = new HttpCache(new CacheConfig(true, 1 << 20, Optional.empty(), 0, 1 << 20,
                Duration.ofDays(1)))) {
            store(cache, new StoredResponse("http://a.test/", Map.of("accept-encoding", "gzip"), 200, "OK",
                    Fields.of("Vary", "Accept-Encoding"), T0, T0, StoredBody.copyOf("g".getBytes())));
            store(cache, new StoredResponse("http://a.test/", Map.of("accept-encoding", ""), 200, "OK",
                    Fields.of("Vary", "Accept-Encoding"), T0, T0, StoredBody.copyOf("p".getBytes())));
            assertThat(lookedUp(cache, "http://a.test/", Fields.of("Accept-Encoding", "gzip")))
                    .isEqualTo("g".getBytes());
            assertThat(lookedUp(cache, "http://a.test/", Fields.of())).isEqualTo("p".getBytes());
        }
    }

    @Test
    void diskTierSurvivesARestart() throws Exception {
        try (HttpCache cache = new HttpCache(config(1 << 20, 1 << 20, 1 << 20))) {
            store(cache, response("http://a.test/kept", 1000));
        }
        try (HttpCache reopened = new HttpCache(config(1 << 20, 1 << 20, 1 << 20))) {
            StoredResponse r = reopened.lookup("http://a.test/kept", Fields.of());
            assertThat(r).isNotNull();
            assertThat(r.body().length()).isEqualTo(1000);
            assertThat(r.headers().get("Cache-Control")).isEqualTo("max-age=60");
            assertThat(r.responseTime()).isEqualTo(T0);
            r.body().release();
        }
    }

    @Test
    void truncatedEntryIsDiscardedNotServed() throws Exception {
        try (HttpCache cache = new HttpCache(config(1 << 20, 1 << 20, 1 << 20))) {
            store(cache, response("http://a.test/t", 1000));
        }
        Path file = onlyEntry();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        try (HttpCache reopened = new HttpCache(config(1 << 20, 1 << 20, 1 << 20))) {
            assertThat(reopened.lookup("http://a.test/t", Fields.of())).isNull();
        }
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void flippedBitIsDetectedByTheChecksum() throws Exception {
        try (HttpCache cache = new HttpCache(config(1 << 20, 1 << 20, 1 << 20))) {
            store(cache, response("http://a.test/c", 1000));
        }
        Path file = onlyEntry();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        try (HttpCache reopened = new HttpCache(config(1 << 20, 1 << 20, 1 << 20))) {
            assertThat(reopened.lookup("http://a.test/c", Fields.of())).isNull();
        }
    }

    @Test
    void leftoverTemporaryFileFromACrashIsRemoved() throws Exception {
        Files.write(dir.resolve("abc.entry.tmp"), new byte[] {1, 2, 3});
        try (HttpCache cache = new HttpCache(config(1 << 20, 1 << 20, 1 << 20))) {
            assertThat(Files.exists(dir.resolve("abc.entry.tmp"))).isFalse();
        }
    }

    @Test
    void diskTierEvictsLeastRecentlyUsedBeyondItsSize() throws Exception {
        DiskTier tier = new DiskTier(dir, 5_000);
        for (int i = 0; i < 10; i++) {
            StoredResponse r = response("http://a.test/" + i, 1000);
            tier.put(r);
            r.body().release();
        }
        assertThat(tier.bytes()).isLessThanOrEqualTo(5_000);
        StoredResponse kept = tier.get("http://a.test/9", Fields.of());
        assertThat(kept).isNotNull();
        kept.body().release();
        assertThat(tier.get("http://a.test/0", Fields.of())).isNull();
    }

    @Test
    void objectsOverTheMaximumAreNotStored() throws Exception {
        try (HttpCache cache = new HttpCache(new CacheConfig(true, 1 << 20, Optional.empty(), 0, 500,
                Duration.ofDays(1)))) {
            store(cache, response("http://a.test/big", 501));
            assertThat(cache.lookup("http://a.test/big", Fields.of())).isNull();
        }
    }

    @Test
    void memoryTierIsHeldToHalfTheDirectMemoryLimit() throws Exception {
        try (HttpCache cache = new HttpCache(new CacheConfig(true, 1L << 30, Optional.empty(), 0, 1 << 20,
                Duration.ofDays(1)), 512L << 20)) {
            assertThat(cache.memoryLimit()).isEqualTo(256L << 20);
        }
    }

    @Test
    void decodeRejectsGarbage() {
        assertThat(DiskEntryFormat.decode(new byte[0])).isNull();
        assertThat(DiskEntryFormat.decode(new byte[40])).isNull();
        StoredResponse r = response("http://a.test/", 10);
        byte[] good = DiskEntryFormat.encode(r);
        r.body().release();
        StoredResponse decoded = DiskEntryFormat.decode(good);
        assertThat(decoded).isNotNull();
        assertThat(decoded.body().toByteArray()).isEqualTo(new byte[10]);
        decoded.body().release();
    }

    private Path onlyEntry() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".entry")).findFirst().orElseThrow();
        }
    }
}
