package gateway.proxy.metrics;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one line per request to stdout or appended to a file, written by a thread of
 * its own. An event loop only queues the record: a write per request on the loop cost 60 % of
 * the miss throughput, and a stdout pipe whose reader (journald) stalls would have stalled every
 * client. The writer formats and writes what has queued up and flushes whenever the queue is
 * empty, so lines appear at once under light load and in batches under heavy load. When the
 * reader falls so far behind that the queue is full, lines are dropped, never the requests:
 * the drops are counted and reported in the gateway's log at most once a minute and at close
 * (squid's logfile daemon behaves alike). A crash loses only lines still queued.
 */
public final class AccessLog implements ProxyListener, Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    static final int QUEUE_CAPACITY = 16_384;
    private static final int BATCH = 512;
    private static final Duration REPORT_EVERY = Duration.ofMinutes(1);
    /** Queued after the last record at close: the writer stops when it takes it. */
    private static final AccessRecord END = new AccessRecord(Instant.EPOCH,
            java.net.InetSocketAddress.createUnresolved("end", 0), "-", "-", 0, CacheResult.BYPASS, 0, Duration.ZERO);
    private final Writer out;
    private final boolean ownsStream;
    private final BlockingQueue<AccessRecord> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Clock clock;
    private final Thread writer;
    private long reportedDrops;
    private Instant lastReport = Instant.EPOCH;
    private volatile boolean closed;

    AccessLog(Writer out, boolean ownsStream, int capacity, Clock clock) {
        this.out = out;
        this.ownsStream = ownsStream;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.clock = clock;
        this.writer = new Thread(this::writeUntilClosed, "proxy-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** "-" for stdout, a path to append to; fails with the path in the message when it cannot be opened. */
    public static AccessLog open(String target) throws IOException {
        if (target.equals("-")) {
            return toStream(System.out);
        }
        Path path = Path.of(target);
        try {
            return new AccessLog(Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE), true, QUEUE_CAPACITY, Clock.systemUTC());
        } catch (IOException e) {
            throw new IOException("cannot open access log " + path + ": " + e.getMessage(), e);
        }
    }

    static AccessLog toStream(PrintStream stream) {
        return new AccessLog(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8)), false,
                QUEUE_CAPACITY, Clock.systemUTC());
    }

    /** Queues the line; never blocks. */
    @Override
    public void requestCompleted(AccessRecord record) {
        if (closed || !queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    /** Lines dropped because the queue was full (or the log closed). */
    public long dropped() {
        return dropped.get();
    }

    private void writeUntilClosed() {
        List<AccessRecord> batch = new ArrayList<>(BATCH);
        boolean ended = false;
        while (!ended) {
            try {
                AccessRecord first = queue.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    ended = write(batch);
                    batch.clear();
                }
            } catch (InterruptedException e) {
                ended = true;
            }
            reportDrops(ended);
        }
        try {
            out.flush();
            if (ownsStream) {
                out.close();
            }
        } catch (IOException e) {
            LOG.warn("access log close failed: {}", e.getMessage());
        }
    }

    /** Writes the batch, flushing when nothing more waits; true when the end marker was in it. */
    private boolean write(List<AccessRecord> batch) {
        boolean ended = false;
        try {
            for (AccessRecord r : batch) {
                if (r == END) {
                    ended = true;
                } else {
                    out.write(r.toLogLine());
                    out.write('\n');
                }
            }
            if (ended || queue.isEmpty()) {
                out.flush();
            }
        } catch (IOException e) {
            LOG.warn("access log write failed: {}", e.getMessage());
        }
        return ended;
    }

    private void reportDrops(boolean closing) {
        long total = dropped.get();
        Instant now = clock.instant();
        if (total > reportedDrops && (closing || !now.isBefore(lastReport.plus(REPORT_EVERY)))) {
            LOG.warn("access log: {} lines dropped since the last report ({} in all): the log's reader (the disk,"
                    + " or whatever reads stdout) is not keeping up; requests were served all the same",
                    total - reportedDrops, total);
            reportedDrops = total;
            lastReport = now;
        }
    }

    /** Writes what is queued, then closes a file it opened; later lines are dropped. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(END);
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
