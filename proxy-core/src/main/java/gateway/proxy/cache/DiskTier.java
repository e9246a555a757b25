package gateway.proxy.cache;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stored responses on disk, one file per URL and Vary variant, surviving restarts. A file is
 * written to a temporary name and renamed into place, and ends with a CRC32C of everything before
 * it (format: {@link DiskEntryFormat}); a truncated or corrupt file fails the check when first
 * read and is deleted, never served. An index in memory, by file name in access order and by URL,
 * keeps lookups off the directory; the least recently used entries go when the tier exceeds its
 * size. At start the index is rebuilt from each file's head and directory entry alone, in mtime
 * order, and a read moves the file's mtime, so the order survives a restart. The index is guarded by the tier's lock, which is never held while a file is read or
 * written; {@link #mayHave} needs no lock at all, so an event loop can ask it.
 */
final class DiskTier {
    private static final Logger LOG = LoggerFactory.getLogger(DiskTier.class);
    /** Bytes read at once for a head at start; most heads (magic, URL, Vary values) fit. */
    private static final int HEAD_READ = 1024;
    /** A disk hit moves the file's mtime at most this often, so a hot entry costs no write per hit. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    private final Path dir;
    private final long maxBytes;
    private final Clock clock;
    /** File name → (url, vary values, size, last touched), in access order for LRU eviction. */
    private final LinkedHashMap<String, IndexEntry> index = new LinkedHashMap<>(16, 0.75f, true);
    /** URL → its variants' file names. */
    private final Map<String, List<String>> byUrl = new HashMap<>();
    /** The URLs with at least one file, readable without the lock. */
    private final Set<String> urls = ConcurrentHashMap.newKeySet();
    private long totalBytes;

    /**
     * One file in the index.
     *
     * @param touched when the file was last written or read, as its mtime says (epoch millis)
     */
    private record IndexEntry(String url, Map<String, String> vary, long size, long touched) {
        IndexEntry touchedAt(long millis) {
            return new IndexEntry(url, vary, size, millis);
        }
    }

    DiskTier(Path dir, long maxBytes) throws IOException {
        this(dir, maxBytes, Clock.systemUTC());
    }

    /**
     * Indexes the files in {@code dir} from their heads alone, in the order of their mtimes (least
     * recently used first); the bodies are checked when first read ({@link #get}). Files whose head
     * is unreadable or of another format, and unfinished writes, are deleted.
     */
    DiskTier(Path dir, long maxBytes, Clock clock) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.clock = clock;
        Files.createDirectories(dir);
        List<Map.Entry<String, IndexEntry>> found = new ArrayList<>();
        int discarded = 0;
        int unfinished = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    delete(file); // a write interrupted by a crash
                    unfinished++;
                } else if (name.endsWith(".entry")) {
                    IndexEntry entry = readHead(file, name);
                    if (entry != null) {
                        found.add(Map.entry(name, entry));
                    } else {
                        delete(file);
                        discarded++;
                    }
                }
            }
        }
        found.sort(Comparator.comparingLong(e -> e.getValue().touched()));
        for (Map.Entry<String, IndexEntry> e : found) {
            remember(e.getKey(), e.getValue());
        }
        if (discarded + unfinished > 0) {
            LOG.warn("disk cache {}: deleted {} files with an unreadable head or of another format and {} unfinished"
                    + " writes at start", dir, discarded, unfinished);
        }
        synchronized (this) {
            evict();
        }
    }

    /** Whether some variant of the URL may be on disk (false: certainly not); lock-free. */
    boolean mayHave(String url) {
        return urls.contains(url);
    }

    /** The stored variant, read from its file, with the one reference to its body; or null. */
    StoredResponse get(String url, Fields request) {
        String name = null;
        IndexEntry found = null;
        synchronized (this) {
            for (String candidate : byUrl.getOrDefault(url, List.of())) {
                IndexEntry entry = index.get(candidate); // touches it for LRU
                if (entry != null && VaryKey.matches(entry.vary(), request)) {
                    name = candidate;
                    found = entry;
                    break;
                }
            }
        }
        if (found == null) {
            return null;
        }
        StoredResponse r = readFile(dir.resolve(name));
        if (r == null) {
            synchronized (this) {
                forget(name);
            }
            return null;
        }
        touch(name, found);
        return r;
    }

    /**
     * Sets the file's mtime to now, at most once per {@link #TOUCH_INTERVAL}: the index is rebuilt
     * in mtime order, so what was read recently outlives older entries after a restart too.
     */
    private void touch(String name, IndexEntry entry) {
        long now = clock.millis();
        if (now - entry.touched() < TOUCH_INTERVAL.toMillis()) {
            return;
        }
        try {
            Files.setLastModifiedTime(dir.resolve(name), FileTime.fromMillis(now));
        } catch (IOException e) {
            LOG.debug("cannot touch cache file {}: {}", name, e.toString()); // deleted meanwhile: no matter
        }
        synchronized (this) {
            index.replace(name, entry, entry.touchedAt(now)); // not retried before the interval either way
        }
    }

    /** Writes the response's file (the caller holds a reference to its body until this returns). */
    void put(StoredResponse response) {
        String name = DiskEntryFormat.fileName(response.url(), response.varyValues());
        byte[] bytes = DiskEntryFormat.encode(response);
        Path tmp = dir.resolve(name + ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("disk cache write failed for {}: {}", response.url(), e.getMessage());
            delete(tmp);
            return;
        }
        synchronized (this) {
            remember(name, new IndexEntry(response.url(), response.varyValues(), bytes.length, clock.millis()));
            evict();
        }
    }

    private synchronized void remember(String name, IndexEntry entry) {
        IndexEntry old = index.put(name, entry);
        totalBytes += entry.size() - (old == null ? 0 : old.size());
        if (old == null) {
            byUrl.computeIfAbsent(entry.url(), u -> new ArrayList<>(1)).add(name);
            urls.add(entry.url());
        }
    }

    synchronized void remove(String url) {
        for (String name : List.copyOf(byUrl.getOrDefault(url, List.of()))) {
            forget(name);
        }
    }

    synchronized long bytes() {
        return totalBytes;
    }

    synchronized int entries() {
        return index.size();
    }

    private void evict() {
        while (totalBytes > maxBytes && !index.isEmpty()) {
            forget(index.keySet().iterator().next());
        }
    }

    private void forget(String name) {
        IndexEntry entry = index.remove(name);
        if (entry != null) {
            totalBytes -= entry.size();
            List<String> names = byUrl.get(entry.url());
            if (names != null) {
                names.remove(name);
                if (names.isEmpty()) {
                    byUrl.remove(entry.url());
                    urls.remove(entry.url());
                }
            }
        }
        delete(dir.resolve(name));
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete cache file {}: {}", file, e.getMessage());
        }
    }

    /**
     * The index entry from the file's head (magic, URL, Vary values; the size and mtime from the
     * directory), or null when the head is unreadable, of another format, or not the key the
     * file's name was derived from (a damaged head). The rest is checked when the file is read.
     */
    private static IndexEntry readHead(Path file, String name) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), HEAD_READ)) {
            DiskEntryFormat.Head head = DiskEntryFormat.readHead(in);
            if (head == null || !DiskEntryFormat.fileName(head.url(), head.vary()).equals(name)) {
                return null;
            }
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new IndexEntry(head.url(), head.vary(), attributes.size(), attributes.lastModifiedTime().toMillis());
        } catch (IOException e) {
            return null;
        }
    }

    /** The file's response, or null (and the file deleted) when it is truncated or corrupt. */
    private StoredResponse readFile(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            StoredResponse r = DiskEntryFormat.decode(bytes);
            if (r == null) {
                LOG.warn("discarding corrupt cache file {}", file);
                Files.deleteIfExists(file);
            }
            return r;
        } catch (IOException e) {
            return null;
        }
    }
}
