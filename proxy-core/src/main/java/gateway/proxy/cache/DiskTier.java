package gateway.proxy.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stored responses on disk, one file per URL and Vary variant, surviving restarts. A file is
 * written to a temporary name and renamed into place, and ends with a CRC32C of everything before
 * it; a truncated or corrupt file fails the check and is deleted, never served. An index in
 * memory (rebuilt by reading every file at start), by file name in access order and by URL,
 * keeps lookups off the directory; the least recently used entries go when the tier exceeds its
 * size. The index is guarded by the tier's lock, which is never held while a file is read or
 * written; {@link #mayHave} needs no lock at all, so an event loop can ask it.
 */
final class DiskTier {
    private static final Logger LOG = LoggerFactory.getLogger(DiskTier.class);
    private static final int MAGIC = 0x47574331; // "GWC1"
    private final Path dir;
    private final long maxBytes;
    /** File name → (url, vary values, size), in access order for LRU eviction. */
    private final LinkedHashMap<String, IndexEntry> index = new LinkedHashMap<>(16, 0.75f, true);
    /** URL → its variants' file names. */
    private final Map<String, List<String>> byUrl = new HashMap<>();
    /** The URLs with at least one file, readable without the lock. */
    private final Set<String> urls = ConcurrentHashMap.newKeySet();
    private long totalBytes;

    private record IndexEntry(String url, Map<String, String> vary, long size) {
    }

    DiskTier(Path dir, long maxBytes) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(file); // a write interrupted by a crash
                    continue;
                }
                if (!name.endsWith(".entry")) {
                    continue;
                }
                StoredResponse r = readFile(file);
                if (r != null) {
                    r.body().release(); // only the index is kept
                    remember(name, new IndexEntry(r.url(), r.varyValues(), Files.size(file)));
                }
            }
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
        synchronized (this) {
            for (String candidate : byUrl.getOrDefault(url, List.of())) {
                IndexEntry entry = index.get(candidate); // touches it for LRU
                if (entry != null && VaryKey.matches(entry.vary(), request)) {
                    name = candidate;
                    break;
                }
            }
        }
        if (name == null) {
            return null;
        }
        StoredResponse r = readFile(dir.resolve(name));
        if (r == null) {
            synchronized (this) {
                forget(name);
            }
        }
        return r;
    }

    /** Writes the response's file (the caller holds a reference to its body until this returns). */
    void put(StoredResponse response) {
        String name = fileName(response.url(), response.varyValues());
        byte[] bytes = encode(response);
        Path tmp = dir.resolve(name + ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("disk cache write failed for {}: {}", response.url(), e.getMessage());
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do
            }
            return;
        }
        synchronized (this) {
            remember(name, new IndexEntry(response.url(), response.varyValues(), bytes.length));
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
        try {
            Files.deleteIfExists(dir.resolve(name));
        } catch (IOException e) {
            LOG.warn("cannot delete cache file {}: {}", name, e.getMessage());
        }
    }

    /** The file's response, or null (and the file deleted) when it is truncated or corrupt. */
    private StoredResponse readFile(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            StoredResponse r = decode(bytes);
            if (r == null) {
                LOG.warn("discarding corrupt cache file {}", file);
                Files.deleteIfExists(file);
            }
            return r;
        } catch (IOException e) {
            return null;
        }
    }

    static byte[] encode(StoredResponse r) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(r.body().length() + 512);
            DataOutputStream out = new DataOutputStream(buf);
            out.writeInt(MAGIC);
            out.writeUTF(r.url());
            writeMap(out, r.varyValues());
            out.writeInt(r.status());
            out.writeUTF(r.reason());
            out.writeInt(r.headers().size());
            for (Map.Entry<String, String> e : r.headers().entries()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.writeLong(r.requestTime().toEpochMilli());
            out.writeLong(r.responseTime().toEpochMilli());
            out.writeInt(r.body().length());
            r.body().writeTo(out);
            CRC32C crc = new CRC32C();
            crc.update(buf.toByteArray());
            out.writeLong(crc.getValue());
            return buf.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The response (its body copied off the heap, the one reference the caller's), or null when
     * the checksum or the structure does not hold.
     */
    static StoredResponse decode(byte[] bytes) {
        if (bytes.length < 12) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
        if (crc.getValue() != stored) {
            return null;
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 8));
            if (in.readInt() != MAGIC) {
                return null;
            }
            String url = in.readUTF();
            Map<String, String> vary = readMap(in);
            int status = in.readInt();
            String reason = in.readUTF();
            int count = in.readInt();
            if (count < 0 || count > 10_000) {
                return null;
            }
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                headers.add(Map.entry(in.readUTF(), in.readUTF()));
            }
            Instant requestTime = Instant.ofEpochMilli(in.readLong());
            Instant responseTime = Instant.ofEpochMilli(in.readLong());
            int length = in.readInt();
            if (length < 0 || length != in.available()) {
                return null;
            }
            int bodyAt = bytes.length - 8 - length;
            return new StoredResponse(url, vary, status, reason, Fields.of(headers), requestTime, responseTime,
                    StoredBody.copyOf(bytes, bodyAt, length));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1000) {
            throw new IOException("bad map size");
        }
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            map.put(in.readUTF(), in.readUTF());
        }
        return map;
    }

    static String fileName(String url, Map<String, String> vary) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(url.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(new TreeMap<>(vary).toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()) + ".entry";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
