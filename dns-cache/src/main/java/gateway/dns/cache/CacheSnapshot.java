package gateway.dns.cache;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * Saves the cache on clean shutdown and loads it at start, so a restarted box does not start
 * cold. Entries keep the time they were stored, so the downtime comes off every TTL by the
 * normal countdown; entries that expired meanwhile (past the stale window) are dropped by the
 * cache, and entries dated in the future (the clock went back, e.g. a box without RTC) are
 * dropped here rather than trusted.
 *
 * <p>Format: magic, version, count, then per entry the key (name as text, type, class) and
 * the entry. The file is written to a temporary name and moved into place, so a crash while
 * saving leaves the previous snapshot or none, never half of one.
 */
public final class CacheSnapshot {

  private static final int MAGIC = 0x47574453; // "GWDS"
  private static final int VERSION = 1;

  private CacheSnapshot() {}

  /** Writes every entry of {@code cache} to {@code file}; returns how many. */
  public static int save(DnsCache cache, Path file) throws IOException {
    Map<CacheKey, CachedResponse> entries = cache.entries();
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    try {
      try (OutputStream os = Files.newOutputStream(tmp);
           DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(entries.size());
        for (Map.Entry<CacheKey, CachedResponse> e : entries.entrySet()) {
          out.writeUTF(e.getKey().name().toString());
          out.writeShort(e.getKey().type());
          out.writeShort(e.getKey().dclass());
          e.getValue().writeTo(out);
        }
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return entries.size();
  }

  /**
   * Loads {@code file} into {@code cache}; returns how many entries were kept. A missing file
   * loads nothing; a damaged one fails with an IOException (nothing of it is used).
   */
  public static int load(DnsCache cache, Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    long now = cache.nowMillis();
    java.util.List<Map.Entry<CacheKey, CachedResponse>> read = new java.util.ArrayList<>();
    try (InputStream is = Files.newInputStream(file);
         DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IOException(file + " is not a DNS cache snapshot of this version");
      }
      int count = in.readInt();
      if (count < 0) {
        throw new IOException("bad entry count " + count);
      }
      for (int i = 0; i < count; i++) {
        Name name = Name.fromString(in.readUTF());
        int type = in.readUnsignedShort();
        int dclass = in.readUnsignedShort();
        CachedResponse entry = CachedResponse.readFrom(in);
        if (entry.storedAtMillis() <= now && name.isAbsolute()) {
          read.add(Map.entry(new CacheKey(name, type, dclass), entry));
        }
      }
    } catch (EOFException | RuntimeException e) { // any parse failure refuses the whole file
      throw new IOException(file + " is damaged: " + e.getMessage(), e);
    }
    read.forEach(e -> cache.put(e.getKey(), e.getValue()));
    return (int) read.stream().filter(e -> cache.get(e.getKey()).isPresent()).count();
  }
}
