package gateway.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.proxy.config.CacheConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TiersTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private static StoredResponse response(String url, int size) {
        return new StoredResponse(url, Map.of(), 200, "OK", Fields.of("Cache-Control", "max-age=60"), T0, T0,
                new byte[size]);
    }

    private CacheConfig config(long memory, long disk, long maxObject) {
        return new CacheConfig(true, memory, Optional.of(dir), disk, maxObject, Duration.ofDays(1));
    }

    @Test
    void memoryTierStaysWithinItsWeight() {
        MemoryTier tier = new MemoryTier(100_000);
        for (int i = 0; i < 50; i++) {
            tier.put(response("http://a.test/" + i, 10_000));
        }
        assertThat(tier.weight()).isLessThanOrEqualTo(100_000);
    }

    @Test
    void varyVariantsLiveSideBySide() {
        MemoryTier tier = new MemoryTier(1 << 20);
        StoredResponse gzip = new StoredResponse("http://a.test/", Map.of("accept-encoding", "gzip"), 200, "OK",
                Fields.of("Vary", "Accept-Encoding"), T0, T0, "g".getBytes());
        StoredResponse plain = new StoredResponse("http://a.test/", Map.of("accept-encoding", ""), 200, "OK",
                Fields.of("Vary", "Accept-Encoding"), T0, T0, "p".getBytes());
        tier.put(gzip);
        tier.put(plain);
        assertThat(tier.get("http://a.test/", Fields.of("Accept-Encoding", "gzip")).body()).isEqualTo("g".getBytes());
        assertThat(tier.get("http://a.test/", Fields.of()).body()).isEqualTo("p".getBytes());
    }

    @Test
    void diskTierSurvivesARestart() throws Exception {
        try (HttpCache cache = new HttpCache(config(1 << 20, 1 << 20, 1 << 20))) {
            cache.store(response("http://a.test/kept", 1000));
        }
        try (HttpCache reopened = new HttpCache(config(1 << 20, 1 << 20, 1 << 20))) {
            StoredResponse r = reopened.lookup("http://a.test/kept", Fields.of());
            assertThat(r).isNotNull();
            assertThat(r.body()).hasSize(1000);
            assertThat(r.headers().get("Cache-Control")).isEqualTo("max-age=60");
            assertThat(r.responseTime()).isEqualTo(T0);
        }
    }

    @Test
    void truncatedEntryIsDiscardedNotServed() throws Exception {
        try (HttpCache cache = new HttpCache(config(1 << 20, 1 << 20, 1 << 20))) {
            cache.store(response("http://a.test/t", 1000));
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
            cache.store(response("http://a.test/c", 1000));
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
            tier.put(response("http://a.test/" + i, 1000));
        }
        assertThat(tier.bytes()).isLessThanOrEqualTo(5_000);
        assertThat(tier.get("http://a.test/9", Fields.of())).isNotNull();
        assertThat(tier.get("http://a.test/0", Fields.of())).isNull();
    }

    @Test
    void objectsOverTheMaximumAreNotStored() throws Exception {
        try (HttpCache cache = new HttpCache(new CacheConfig(true, 1 << 20, Optional.empty(), 0, 500,
                Duration.ofDays(1)))) {
            cache.store(response("http://a.test/big", 501));
            assertThat(cache.lookup("http://a.test/big", Fields.of())).isNull();
        }
    }

    @Test
    void memoryTierIsHeldToHalfTheHeap() throws Exception {
        try (HttpCache cache = new HttpCache(new CacheConfig(true, 1L << 30, Optional.empty(), 0, 1 << 20,
                Duration.ofDays(1)), 512L << 20)) {
            assertThat(cache.memoryLimit()).isEqualTo(256L << 20);
        }
    }

    @Test
    void decodeRejectsGarbage() {
        assertThat(DiskTier.decode(new byte[0])).isNull();
        assertThat(DiskTier.decode(new byte[40])).isNull();
        byte[] good = DiskTier.encode(response("http://a.test/", 10));
        assertThat(DiskTier.decode(good)).isNotNull();
    }

    private Path onlyEntry() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".entry")).findFirst().orElseThrow();
        }
    }
}
