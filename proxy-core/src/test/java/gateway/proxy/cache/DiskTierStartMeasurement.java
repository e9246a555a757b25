package gateway.proxy.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * How long opening a disk tier takes, and how much it reads: fills a directory with entries (once:
 * a directory that already holds entry files is reused as it is, so two versions of the tier can
 * be compared on the same files), then opens a {@link DiskTier} on it a few times and prints the
 * wall time and this process's read counters from /proc/self/io (rchar: bytes through read
 * calls; read_bytes: bytes fetched from the block device, small when the files are in the page
 * cache). Open 1 is a fresh JVM's, as at a gateway start; opens 2 and 3 run compiled code. A
 * measurement, not a test: it asserts nothing and does not run with the tests.
 *
 * <p>Run (from proxy-core, after {@code mvn -o -q test-compile}):
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt)
 * gateway.proxy.cache.DiskTierStartMeasurement DIR [ENTRIES [KIB]]}, where target/cp.txt comes
 * from {@code mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt}.
 * Defaults: 2000 entries of 256 KiB.
 */
public final class DiskTierStartMeasurement {
    private static final int OPENS = 3;

    private DiskTierStartMeasurement() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/disk-tier-measurement");
        int entries = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int kib = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        Files.createDirectories(dir);
        if (entryFiles(dir) == 0) {
            fill(dir, entries, kib << 10);
        }
        // logging starts long before the cache in the gateway; here its start (~150-300 ms) would land in open 1
        LoggerFactory.getLogger(DiskTierStartMeasurement.class).info("{}: {} entry files", dir, entryFiles(dir));
        for (int i = 1; i <= OPENS; i++) {
            long[] before = readCounters();
            long start = System.nanoTime();
            DiskTier tier = new DiskTier(dir, Long.MAX_VALUE);
            long micros = (System.nanoTime() - start) / 1000;
            long[] after = readCounters();
            System.out.printf("open %d: %d entries, %.1f MiB indexed in %.1f ms; rchar %.1f MiB, read_bytes %.1f MiB%n",
                    i, tier.entries(), tier.bytes() / 1048576.0, micros / 1000.0,
                    (after[0] - before[0]) / 1048576.0, (after[1] - before[1]) / 1048576.0);
        }
    }

    private static void fill(Path dir, int entries, int bodyBytes) {
        DiskTier tier;
        try {
            tier = new DiskTier(dir, Long.MAX_VALUE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Instant now = Instant.now();
        byte[] body = new byte[bodyBytes];
        for (int i = 0; i < entries; i++) {
            body[i % bodyBytes] = (byte) i; // not all files alike
            StoredResponse r = new StoredResponse("http://measure.test/object/" + i, Map.of(), 200, "OK",
                    Fields.of("Content-Type", "application/octet-stream", "Cache-Control", "max-age=86400"), now, now,
                    StoredBody.copyOf(body));
            tier.put(r);
            r.body().release();
        }
    }

    private static long entryFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".entry")).count();
        }
    }

    /** rchar and read_bytes of this process. */
    private static long[] readCounters() throws IOException {
        long[] counters = new long[2];
        List<String> lines = Files.readAllLines(Path.of("/proc/self/io"));
        for (String line : lines) {
            if (line.startsWith("rchar:")) {
                counters[0] = Long.parseLong(line.substring(6).trim());
            } else if (line.startsWith("read_bytes:")) {
                counters[1] = Long.parseLong(line.substring(11).trim());
            }
        }
        return counters;
    }
}
