package gateway.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class AccessLogTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static AccessRecord record(int n) throws IOException {
        return new AccessRecord(T, new InetSocketAddress(InetAddress.getByName("192.0.2.11"), 5000), "GET",
                "http://a.test/" + n, 200, CacheResult.HIT, 16, Duration.ofMillis(1));
    }

    @Test
    void everyLineReachesTheFileInOrderAndCloseWritesWhatIsQueued(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.log");
        AccessLog log = AccessLog.open(file.toString());
        for (int i = 0; i < 1000; i++) {
            log.requestCompleted(record(i));
        }
        log.close();
        var lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(lines.get(i)).contains(" http://a.test/" + i + " ");
        }
        assertThat(log.dropped()).isZero();
    }

    @Test
    void aLineIsFlushedWithoutWaitingForMore(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.log");
        AccessLog log = AccessLog.open(file.toString());
        try {
            log.requestCompleted(record(7));
            for (int i = 0; i < 500 && Files.size(file) == 0; i++) {
                Thread.sleep(10);
            }
            assertThat(Files.readString(file)).contains(" http://a.test/7 ");
        } finally {
            log.close();
        }
    }

    /** A reader that stops reading (a stalled journald): requests must not wait for it. */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aStalledReaderCostsLinesNotRequests() throws Exception {
        CountDownLatch unstall = new CountDownLatch(1);
        StringWriter written = new StringWriter();
        Writer stalling = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                try {
                    unstall.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                written.write(buf, off, len);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        AccessLog log = new AccessLog(stalling, false, 8, Clock.systemUTC());
        for (int i = 0; i < 200; i++) {
            log.requestCompleted(record(i)); // returns although nothing can be written
        }
        long dropped = log.dropped();
        assertThat(dropped).as("lines dropped while the reader stalled").isPositive();
        unstall.countDown();
        log.close();
        long lines = written.toString().lines().count();
        assertThat(lines + dropped).as("written plus dropped").isEqualTo(200);
        assertThat(written.toString()).contains(" http://a.test/0 ");
    }

    @Test
    void linesAfterCloseAreCountedAsDropped(@TempDir Path dir) throws Exception {
        AccessLog log = AccessLog.open(dir.resolve("access.log").toString());
        log.close();
        log.requestCompleted(record(1));
        assertThat(log.dropped()).isEqualTo(1);
    }
}
