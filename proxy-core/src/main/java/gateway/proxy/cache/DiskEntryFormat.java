package gateway.proxy.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The disk tier's file format: a head (magic, URL, Vary values) that names the entry, then
 * status, reason, fields, times and body, then a CRC32C of everything before it. The head comes
 * first so that the index can be rebuilt from heads alone ({@link #readHead}); only {@link
 * #decode} checks the CRC. A file's name is a hash of its head's key ({@link #fileName}).
 */
final class DiskEntryFormat {
    private static final int MAGIC = 0x47574331; // "GWC1"

    /** The key a file's head holds. */
    record Head(String url, Map<String, String> vary) {
    }

    private DiskEntryFormat() {
    }

    /** The file's bytes for the response; the caller holds a reference to its body. */
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
     * The key at the start of {@code in}, or null when it is not a head of this format. Reads no
     * further than the head; nothing is checked against the CRC, so a damaged head can still
     * yield a wrong key (the caller compares it with the file's name).
     */
    static Head readHead(InputStream in) {
        try {
            DataInputStream data = new DataInputStream(in);
            if (data.readInt() != MAGIC) {
                return null;
            }
            return new Head(data.readUTF(), readMap(data));
        } catch (IOException | RuntimeException e) {
            return null;
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
        long stored = ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
        if (crc.getValue() != stored) {
            return null;
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 8));
            Head head = readHead(in);
            if (head == null) {
                return null;
            }
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
            return new StoredResponse(head.url(), head.vary(), status, reason, Fields.of(headers), requestTime, responseTime,
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

    /** The file's name for a key: a hash of it, which a damaged head no longer matches. */
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
