package gateway.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The disk tier's start: an index from the files' heads and mtimes, and its LRU order across restarts. */
class DiskTierStartTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final long ROOMY = 1L << 20;

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(NOW);

    @AfterEach
    void everyBodyWasFreed() {
        assertThat(StoredBody.liveBuffers()).as("off-heap buffers left by the test").isZero();
    }

    /** A tier on the test's directory, as after a restart. */
    private DiskTier open(long maxBytes) throws Exception {
        return new DiskTier(dir, maxBytes, clock);
    }

    /** Writes an entry with a 1000-byte body through the tier and returns its file. */
    private Path put(DiskTier tier, String url) {
        StoredResponse r = new StoredResponse(url, Map.of(), 200, "OK", Fields.of("Cache-Control", "max-age=60"), T0, T0,
                StoredBody.copyOf(new byte[1000]));
        tier.put(r);
        r.body().release();
        return dir.resolve(DiskEntryFormat.fileName(url, Map.of()));
    }

    /** Whether the tier serves the URL; the served body's reference is given back. */
    private static boolean serves(DiskTier tier, String url) {
        StoredResponse r = tier.get(url, Fields.of());
        if (r == null) {
            return false;
        }
        r.body().release();
        return true;
    }

    private static void setMtime(Path file, Instant when) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(when));
    }

    @Test
    void aTruncatedBodyIsIndexedAtStartButNeverServed() throws Exception {
        Path file = put(open(ROOMY), "http://a.test/t");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
        DiskTier reopened = open(ROOMY);
        assertThat(reopened.entries()).as("the start reads heads, not bodies").isEqualTo(1);
        assertThat(serves(reopened, "http://a.test/t")).isFalse(); // the CRC check on first read
        assertThat(file).doesNotExist();
        assertThat(reopened.entries()).isZero();
    }

    @Test
    void aDamagedHeadIsDeletedAtStart() throws Exception {
        Path file = put(open(ROOMY), "http://a.test/h");
        byte[] bytes = Files.readAllBytes(file);
        bytes[4 + 2 + 7] ^= 0x20; // magic, URL length, "http://": the host's first letter
        Files.write(file, bytes);
        DiskTier reopened = open(ROOMY);
        assertThat(reopened.entries()).isZero();
        assertThat(reopened.mayHave("http://A.test/h")).isFalse();
        assertThat(file).doesNotExist();
    }

    @Test
    void aFileTooShortForItsHeadIsDeletedAtStart() throws Exception {
        Path file = put(open(ROOMY), "http://a.test/s");
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 10));
        assertThat(open(ROOMY).entries()).isZero();
        assertThat(file).doesNotExist();
    }

    @Test
    void aFileWithAnotherMagicIsDeletedAtStart() throws Exception {
        Path file = put(open(ROOMY), "http://a.test/m");
        byte[] bytes = Files.readAllBytes(file);
        bytes[3] = '0'; // "GWC0": an older format, otherwise intact
        Files.write(file, bytes);
        DiskTier reopened = open(ROOMY);
        assertThat(reopened.entries()).isZero();
        assertThat(serves(reopened, "http://a.test/m")).isFalse();
        assertThat(file).doesNotExist();
    }

    @Test
    void oneLogLineSumsUpWhatTheStartDeleted() throws Exception {
        DiskTier tier = open(ROOMY);
        Path kept = put(tier, "http://a.test/kept");
        Files.write(put(tier, "http://a.test/1"), "GWC0 not this format".getBytes(StandardCharsets.US_ASCII));
        Files.write(put(tier, "http://a.test/2"), new byte[3]);
        Files.write(put(tier, "http://a.test/3"), new byte[0]);
        Files.write(dir.resolve("abc.entry.tmp"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("README"), new byte[] {1}); // not ours: left alone
        Logger logger = (Logger) LoggerFactory.getLogger(DiskTier.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            DiskTier reopened = open(ROOMY);
            assertThat(reopened.entries()).isEqualTo(1);
            assertThat(serves(reopened, "http://a.test/kept")).isTrue();
        } finally {
            logger.detachAppender(log);
        }
        List<ILoggingEvent> warnings = log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getFormattedMessage()).contains("deleted 3 files").contains("1 unfinished");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(kept.getFileName().toString(), "README");
        }
    }

    @Test
    void theIndexIsRebuiltInMtimeOrderSoTheOldestGoFirst() throws Exception {
        DiskTier tier = open(ROOMY);
        Path a = put(tier, "http://a.test/a");
        Path b = put(tier, "http://a.test/b");
        Path c = put(tier, "http://a.test/c");
        // the reverse of the order written: c was used longest ago
        setMtime(a, NOW.minusSeconds(60));
        setMtime(b, NOW.minusSeconds(120));
        setMtime(c, NOW.minusSeconds(180));
        DiskTier reopened = open(2 * Files.size(a));
        assertThat(c).doesNotExist();
        assertThat(serves(reopened, "http://a.test/c")).isFalse();
        assertThat(serves(reopened, "http://a.test/a")).isTrue();
        assertThat(serves(reopened, "http://a.test/b")).isTrue();
    }

    @Test
    void aDiskHitKeepsItsEntryThroughARestart() throws Exception {
        DiskTier tier = open(ROOMY);
        Path a = put(tier, "http://a.test/a");
        Path b = put(tier, "http://a.test/b");
        Path c = put(tier, "http://a.test/c");
        setMtime(a, NOW.minusSeconds(180));
        setMtime(b, NOW.minusSeconds(120));
        setMtime(c, NOW.minusSeconds(60));
        assertThat(serves(open(ROOMY), "http://a.test/a")).isTrue(); // the oldest, read after a restart
        assertThat(Files.getLastModifiedTime(a).toInstant()).isEqualTo(NOW);
        DiskTier smaller = open(2 * Files.size(a)); // another restart, with room for two
        assertThat(b).doesNotExist();
        assertThat(serves(smaller, "http://a.test/a")).isTrue();
        assertThat(serves(smaller, "http://a.test/c")).isTrue();
    }

    @Test
    void aDiskHitMovesTheMtimeAtMostOncePerMinute() throws Exception {
        DiskTier tier = open(ROOMY);
        Path a = put(tier, "http://a.test/a");
        setMtime(a, NOW.minus(Duration.ofHours(1)));
        DiskTier reopened = open(ROOMY);
        assertThat(serves(reopened, "http://a.test/a")).isTrue();
        assertThat(Files.getLastModifiedTime(a).toInstant()).isEqualTo(NOW);
        clock.now = NOW.plusSeconds(59);
        assertThat(serves(reopened, "http://a.test/a")).isTrue();
        assertThat(Files.getLastModifiedTime(a).toInstant()).isEqualTo(NOW);
        clock.now = NOW.plusSeconds(60);
        assertThat(serves(reopened, "http://a.test/a")).isTrue();
        assertThat(Files.getLastModifiedTime(a).toInstant()).isEqualTo(NOW.plusSeconds(60));
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return zone.equals(getZone()) ? this : Clock.fixed(now, zone); // the tier reads only instants
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
