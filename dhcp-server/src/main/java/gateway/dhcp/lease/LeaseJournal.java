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
 *
 * <p>The file is preallocated with zeros in {@link #CHUNK} steps and records are written in
 * place: an fdatasync that does not change the file's size skips the file system's metadata
 * commit and took half the time here (0.5 ms instead of 1.2 ms). Readers stop at the zeros, as
 * they stop at any line that is not a whole, CRC-checked record.
 */
public final class LeaseJournal implements LeaseStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseJournal.class);

    private final Path file;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    /** Preallocation step. */
    static final int CHUNK = 1 << 20;

    private FileChannel channel;
    private volatile boolean closed;
    private long records;
    /** Where the next record goes; the file is zero-filled from here to {@code allocated}. */
    private long position;
    private long allocated;

    private record Item(byte[] bytes, List<Lease> snapshot, CompletableFuture<Void> done) {
        boolean isStop() {
            return bytes == null && snapshot == null;
        }
    }

    private LeaseJournal(Path file, FileChannel channel, long records, long position, long allocated) {
        this.file = file;
        this.channel = channel;
        this.records = records;
        this.position = position;
        this.allocated = allocated;
        this.writer = new Thread(this::writeLoop, "dhcp-lease-journal");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Replays {@code file} into {@code table} (creating it if missing), cuts a torn tail and opens it for appending. */
    public static LeaseJournal open(Path file, LeaseTable table) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        long[] replayed = {0, 0}; // records, end of the last good record
        if (Files.exists(file)) {
            byte[] all = Files.readAllBytes(file);
            replayed = replay(all, table);
            if (replayed[1] < all.length && !zeros(all, (int) replayed[1])) {
                log.warn("lease journal {}: cut {} damaged bytes at offset {} (torn write from a crash)",
                        file, all.length - replayed[1], replayed[1]);
            }
        }
        long records = replayed[0];
        long good = replayed[1];
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ch.truncate(good);
        long allocated = preallocate(ch, good, good + CHUNK);
        return new LeaseJournal(file, ch, records, good, allocated);
    }

    private static boolean zeros(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Zero-fills [from, to) and syncs data and size; returns {@code to}. */
    private static long preallocate(FileChannel ch, long from, long to) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
        for (long p = from; p < to; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), to - p));
            p += ch.write(zeros, p);
        }
        ch.force(true);
        return to;
    }

    /** The end of the last record written (the file beyond it is zeros). */
    public synchronized long position() {
        return position;
    }

    /** Reads the leases in {@code file} without writing to it (for `gateway leases`). */
    public static List<Lease> read(Path file) throws IOException {
        LeaseTable table = new LeaseTable();
        if (Files.exists(file)) {
            replay(Files.readAllBytes(file), table);
        }
        return table.all();
    }

    /**
     * Applies whole records (CRC-checked, newline-terminated) in order until the first one that
     * is not; returns {records applied, offset after the last of them}. A record whose newline
     * never reached the disk was never fsynced, so never ACKed: it is dropped like a torn one.
     */
    private static long[] replay(byte[] all, LeaseTable table) {
        long records = 0;
        int good = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] != '\n') {
                continue;
            }
            var lease = LeaseRecord.decode(new String(all, good, i - good, StandardCharsets.US_ASCII));
            if (lease.isEmpty()) {
                break;
            }
            table.apply(lease.get());
            records++;
            good = i + 1;
        }
        return new long[] {records, good};
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
    @Override
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
                    write(item.bytes());
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

    private void write(byte[] bytes) throws IOException {
        long end;
        synchronized (this) {
            end = position + bytes.length;
        }
        if (end > allocated) {
            allocated = preallocate(channel, allocated, Math.max(end, allocated + CHUNK));
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        long p = end - bytes.length;
        while (buf.hasRemaining()) {
            p += channel.write(buf, p);
        }
        synchronized (this) {
            position = end;
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
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
        long size = channel.size();
        allocated = preallocate(channel, size, size + CHUNK);
        synchronized (this) {
            records = live.size();
            position = size;
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
