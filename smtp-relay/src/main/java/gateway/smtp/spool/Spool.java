package gateway.smtp.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool directory: {@code tmp/} for files being written, {@code queue/} for published messages
 * ({@code ID.msg}, immutable) and their progress ({@code ID.state}, replaced atomically), {@code corrupt/}
 * for files that failed their check at recovery.
 *
 * <p>Publishing is write to {@code tmp/}, fsync the file, rename into {@code queue/}, fsync {@code queue/}.
 * Only after that does the client get 250, so a kill -9 at any point loses no accepted message and a
 * partly written one is never in {@code queue/}. ({@code tmp/} needs no fsync: should a crash bring the old
 * name back, it is a second link to the published file, and recovery removes everything in {@code tmp/}.)
 * Removing a delivered message is not fsynced either (like Postfix): a crash right after may bring it back
 * and deliver it twice, never lose it — one fsync less per message.
 */
public final class Spool {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);

    private final Path tmp;
    private final Path queue;
    private final Path corrupt;
    private final Clock clock;
    private final AtomicLong counter = new AtomicLong(ThreadLocalRandom.current().nextInt(1 << 20));

    private Spool(Path root, Clock clock) throws IOException {
        this.tmp = root.resolve("tmp");
        this.queue = root.resolve("queue");
        this.corrupt = root.resolve("corrupt");
        this.clock = clock;
        for (Path p : List.of(root, tmp, queue, corrupt)) {
            Files.createDirectories(p);
        }
    }

    /** Opens (creating if needed) the spool at {@code root}. Call {@link #recover()} before use. */
    public static Spool open(Path root, Clock clock) throws IOException {
        return new Spool(root, clock);
    }

    /** What recovery found. */
    public record Recovery(List<SpooledMessage> messages, int tornRemoved, int corruptQuarantined) {
    }

    /**
     * Cleans up after a crash and returns the queued messages: unfinished files in {@code tmp/} are removed
     * (their clients never got 250), files in {@code queue/} that fail the length/CRC check are moved to
     * {@code corrupt/} and never delivered, state files without a message are removed.
     */
    public Recovery recover() throws IOException {
        int torn = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
                torn++;
            }
        }
        int bad = 0;
        List<SpooledMessage> good = new ArrayList<>();
        List<Path> states = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(queue)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.endsWith(".state")) {
                    states.add(p);
                    continue;
                }
                if (!name.endsWith(".msg")) {
                    continue;
                }
                String id = name.substring(0, name.length() - 4);
                try {
                    good.add(load(id));
                } catch (SpoolCorruptException e) {
                    log.error("spool file {} is corrupt ({}); moved to {} and not delivered", name, e.getMessage(),
                            corrupt);
                    Files.move(p, corrupt.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    bad++;
                }
            }
        }
        for (Path s : states) {
            String n = s.getFileName().toString();
            if (!Files.exists(queue.resolve(n.substring(0, n.length() - 6) + ".msg"))) {
                Files.deleteIfExists(s);
            }
        }
        fsyncDir(queue);
        fsyncDir(tmp);
        good.sort((a, b) -> a.envelope().receivedAt().compareTo(b.envelope().receivedAt()));
        if (torn > 0 || bad > 0 || !good.isEmpty()) {
            log.info("spool recovered: {} queued, {} unfinished removed, {} corrupt quarantined", good.size(), torn,
                    bad);
        }
        return new Recovery(good, torn, bad);
    }

    /** Starts writing a new message; nothing is visible in the queue until {@link SpoolWriter#commit()}. */
    public SpoolWriter create(Envelope envelope) throws IOException {
        String id = newId();
        return new SpoolWriter(this, id, tmp.resolve(id + ".msg"), envelope);
    }

    private String newId() {
        return String.format(Locale.ROOT, "%011X%05X", clock.millis(), counter.incrementAndGet() & 0xFFFFF);
    }

    /** Moves a finished temp file into the queue and makes the rename durable. */
    void publish(Path tempFile, String id) throws IOException {
        Path target = queue.resolve(id + ".msg");
        try {
            Files.move(tempFile, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("spool tmp/ and queue/ must be on one file system", e);
        }
        fsyncDir(queue);
    }

    /** Reads and verifies a queued message. */
    public SpooledMessage load(String id) throws IOException {
        byte[] b = Files.readAllBytes(queue.resolve(id + ".msg"));
        SpoolFormat.Parsed p = SpoolFormat.parse(b);
        return new SpooledMessage(id, p.envelope(), p.contentLength());
    }

    /** The message content (as received, with our added headers), verified against its CRC. */
    public byte[] content(String id) throws IOException {
        byte[] b = Files.readAllBytes(queue.resolve(id + ".msg"));
        SpoolFormat.Parsed p = SpoolFormat.parse(b);
        return Arrays.copyOfRange(b, p.contentOffset(), b.length);
    }

    /** The saved progress of a message, or a fresh state if none was saved or the saved one is torn. */
    public DeliveryState state(SpooledMessage m) throws IOException {
        Path p = queue.resolve(m.id() + ".state");
        try {
            return SpoolFormat.parseState(Files.readAllBytes(p));
        } catch (NoSuchFileException e) {
            return DeliveryState.fresh(m.envelope().receivedAt());
        } catch (SpoolCorruptException e) {
            // The state is replaced atomically, so this only happens on media damage. Starting afresh may
            // deliver a second copy to recipients already done, which is better than losing mail.
            log.warn("state of {} unreadable ({}); retrying all recipients", m.id(), e.getMessage());
            return DeliveryState.fresh(m.envelope().receivedAt());
        }
    }

    /** Replaces the state file atomically (temp, fsync, rename, fsync dir). */
    public void saveState(String id, DeliveryState s) throws IOException {
        Path t = tmp.resolve(id + ".state");
        writeDurably(t, SpoolFormat.state(s));
        Files.move(t, queue.resolve(id + ".state"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        fsyncDir(queue);
    }

    /** Removes a message for good (an operator's delete): durable before it returns. */
    public boolean remove(String id) throws IOException {
        boolean existed = removeDelivered(id);
        fsyncDir(queue);
        return existed;
    }

    /**
     * Removes a message that needs no more work; the message file goes first so a crash leaves no orphan state.
     * Not fsynced (see the class comment): at worst a crash brings it back for a second delivery.
     */
    public boolean removeDelivered(String id) throws IOException {
        boolean existed = Files.deleteIfExists(queue.resolve(id + ".msg"));
        Files.deleteIfExists(queue.resolve(id + ".state"));
        return existed;
    }

    /** Moves a message whose file fails its check out of the queue into {@code corrupt/}: never delivered. */
    public void quarantine(String id) throws IOException {
        Path msg = queue.resolve(id + ".msg");
        if (Files.exists(msg)) {
            Files.move(msg, corrupt.resolve(id + ".msg"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.deleteIfExists(queue.resolve(id + ".state"));
        fsyncDir(queue);
        fsyncDir(corrupt);
    }

    /** Ids in the queue, sorted (ids sort by acceptance time). */
    public List<String> ids() throws IOException {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(queue, "*.msg")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                ids.add(n.substring(0, n.length() - 4));
            }
        }
        ids.sort(null);
        return ids;
    }

    static void writeDurably(Path file, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bb = ByteBuffer.wrap(data);
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
            ch.force(true);
        }
    }

    static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
