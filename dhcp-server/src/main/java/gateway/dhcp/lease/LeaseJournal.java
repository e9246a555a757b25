package gateway.dhcp.lease;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only lease journal. Each change is a line; a writer thread writes whatever has queued
 * up and fsyncs once for the lot (group commit), then completes the futures, so an ACK never
 * leaves before its lease is on disk. Compaction writes the live table to a new file, fsyncs it
 * and renames it over the journal. On open, a torn tail (from a crash mid-write) is cut off.
 */
public final class LeaseJournal implements LeaseStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseJournal.class);

    private final Path file;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private FileChannel channel;
    private volatile boolean closed;
    private long records;

    private record Item(byte[] bytes, List<Lease> snapshot, CompletableFuture<Void> done) {
        boolean isStop() {
            return bytes == null && snapshot == null;
        }
    }

    private LeaseJournal(Path file, FileChannel channel, long records) {
        this.file = file;
        this.channel = channel;
        this.records = records;
        this.writer = new Thread(this::writeLoop, "dhcp-lease-journal");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Replays {@code file} into {@code table} (creating it if missing), cuts a torn tail and opens it for appending. */
    public static LeaseJournal open(Path file, LeaseTable table) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        long records = 0;
        long good = 0;
        if (Files.exists(file)) {
            byte[] all = Files.readAllBytes(file);
            int start = 0;
            for (int i = 0; i < all.length; i++) {
                if (all[i] != '\n') {
                    continue;
                }
                var lease = LeaseRecord.decode(new String(all, start, i - start, StandardCharsets.US_ASCII));
                if (lease.isEmpty()) {
                    break;
                }
                table.apply(lease.get());
                records++;
                start = i + 1;
                good = start;
            }
            if (good < all.length) {
                log.warn("lease journal {}: cut {} damaged bytes at offset {} (torn write from a crash)",
                        file, all.length - good, good);
            }
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ch.truncate(good);
        ch.position(good);
        ch.force(true);
        return new LeaseJournal(file, ch, records);
    }

    /** Reads the leases in {@code file} without writing to it (for `gateway leases`). */
    public static List<Lease> read(Path file) throws IOException {
        LeaseTable table = new LeaseTable();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                var lease = LeaseRecord.decode(line);
                if (lease.isEmpty()) {
                    break;
                }
                table.apply(lease.get());
            }
        }
        return table.all();
    }

    @Override
    public CompletableFuture<Void> persist(Lease lease) {
        return enqueue(new Item(LeaseRecord.encode(lease), null, new CompletableFuture<>()));
    }

    /** Completes once everything queued before it is on disk. */
    public CompletableFuture<Void> flush() {
        return enqueue(new Item(new byte[0], null, new CompletableFuture<>()));
    }

    /** Replaces the journal with {@code live} once everything queued before is written. */
    public CompletableFuture<Void> compact(Collection<Lease> live) {
        return enqueue(new Item(null, List.copyOf(live), new CompletableFuture<>()));
    }

    /** Records written since the last compaction, to decide when to compact. */
    public synchronized long records() {
        return records;
    }

    private synchronized CompletableFuture<Void> enqueue(Item item) {
        if (closed) {
            item.done().completeExceptionally(new IOException("lease journal " + file + " is closed"));
        } else {
            queue.add(item);
        }
        return item.done();
    }

    private void writeLoop() {
        List<Item> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // never interrupted on purpose: an interrupt would close the FileChannel mid-write
            }
            queue.drainTo(batch);
            Item stop = batch.stream().filter(Item::isStop).findFirst().orElse(null);
            batch.removeIf(Item::isStop);
            writeBatch(batch);
            batch.clear();
            if (stop != null) {
                stop.done().complete(null);
                return;
            }
        }
    }

    private void writeBatch(List<Item> batch) {
        List<Item> pending = new ArrayList<>();
        try {
            for (Item item : batch) {
                if (item.snapshot() != null) {
                    flush(pending);
                    rewrite(item.snapshot());
                    item.done().complete(null);
                } else {
                    ByteBuffer buf = ByteBuffer.wrap(item.bytes());
                    while (buf.hasRemaining()) {
                        channel.write(buf);
                    }
                    pending.add(item);
                }
            }
            flush(pending);
        } catch (IOException | RuntimeException e) {
            log.error("lease journal {}: write failed, leases are not durable: {}", file, e.toString());
            for (Item item : batch) {
                item.done().completeExceptionally(e);
            }
        }
    }

    private void flush(List<Item> pending) throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        channel.force(false);
        synchronized (this) {
            records += pending.stream().filter(i -> i.bytes().length > 0).count();
        }
        pending.forEach(i -> i.done().complete(null));
        pending.clear();
    }

    private void rewrite(List<Lease> live) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".compact");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (Lease l : live) {
                ByteBuffer buf = ByteBuffer.wrap(LeaseRecord.encode(l));
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
            }
            out.force(true);
        }
        channel.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true); // the rename itself must survive a crash
        }
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        synchronized (this) {
            records = live.size();
        }
    }

    /** Writes what is queued, then closes. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Item stop = new Item(null, null, new CompletableFuture<>());
        queue.add(stop);
        try {
            writer.join(10_000);
            channel.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
