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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stored responses on disk, one file per URL and Vary variant, surviving restarts. A file is
 * written to a temporary name and renamed into place, and ends with a CRC32C of everything before
 * it; a truncated or corrupt file fails the check and is deleted, never served. An index in
 * memory (rebuilt by reading every file at start) keeps lookups off the directory; the least
 * recently used entries go when the tier exceeds its size. Methods are synchronized: the tier is
 * shared by all event loops.
 */
final class DiskTier {
    private static final Logger LOG = LoggerFactory.getLogger(DiskTier.class);
    private static final int MAGIC = 0x47574331; // "GWC1"
    private final Path dir;
    private final long maxBytes;
    /** File name → (url, vary values, size), in access order for LRU eviction. */
    private final LinkedHashMap<String, IndexEntry> index = new LinkedHashMap<>(16, 0.75f, true);
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
                    long size = Files.size(file);
                    index.put(name, new IndexEntry(r.url(), r.varyValues(), size));
                    totalBytes += size;
                }
            }
        }
        evict();
    }

    /** The stored variant, read from its file, with the one reference to its body; or null. */
    synchronized StoredResponse get(String url, Fields request) {
        for (Map.Entry<String, IndexEntry> e : new ArrayList<>(index.entrySet())) {
            IndexEntry entry = e.getValue();
            if (entry.url().equals(url) && VaryKey.matches(entry.vary(), request)) {
                index.get(e.getKey()); // touch for LRU
                StoredResponse r = readFile(dir.resolve(e.getKey()));
                if (r == null) {
                    forget(e.getKey());
                }
                return r;
            }
        }
        return null;
    }

    synchronized void put(StoredResponse response) {
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
        IndexEntry old = index.put(name, new IndexEntry(response.url(), response.varyValues(), bytes.length));
        totalBytes += bytes.length - (old == null ? 0 : old.size());
        evict();
    }

    synchronized void remove(String url) {
        for (Map.Entry<String, IndexEntry> e : new ArrayList<>(index.entrySet())) {
            if (e.getValue().url().equals(url)) {
                forget(e.getKey());
            }
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
