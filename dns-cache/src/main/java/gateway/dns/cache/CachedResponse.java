package gateway.dns.cache;

import gateway.dns.codec.ResponseTemplate;
import gateway.dns.policy.TtlPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * An immutable cached response: rcode, answer and authority records with their stored TTLs,
 * and the moment it was stored. TTLs are counted down when the entry is read (RFC 1035
 * section 3.2.1: a cached record's TTL is the time it may still be cached).
 *
 * <p>Records are kept as uncompressed wire bytes: dnsjava records are immutable and have no
 * public way to change a TTL, and patching the 4 TTL bytes keeps the owner name's case.
 */
public final class CachedResponse {

  private record Stored(int section, byte[] wire, int ttlOffset, long ttl) {}

  private final int rcode;
  private final TtlPolicy.Kind kind;
  private final List<Stored> records;
  private final long storedAtMillis;
  private final long ttlSeconds;
  /**
   * The records as last rendered, for one (elapsed second, stale TTL) pair: every hit within
   * the same second shares them (dnsjava records are immutable), instead of re-parsing each.
   */
  private volatile Rendered rendered;

  private record Rendered(long elapsed, long staleTtl, Record[] records) {}

  /** The answer as wire bytes for the fast path; built on its first use (see template()). */
  private volatile ResponseTemplate template;

  private CachedResponse(
      int rcode, TtlPolicy.Kind kind, List<Stored> records, long storedAtMillis, long ttl) {
    this.rcode = rcode;
    this.kind = kind;
    this.records = records;
    this.storedAtMillis = storedAtMillis;
    this.ttlSeconds = ttl;
  }

  /**
   * Builds an entry from a scrubbed response. Positive records keep their own TTL clamped by
   * the policy; in a negative entry every record gets the negative TTL (RFC 2308 section 5).
   * An UNCACHEABLE decision gives a one-shot entry (TTL 0) that passes records on unchanged.
   */
  public static CachedResponse of(
      Message response, TtlPolicy.Decision decision, TtlPolicy policy, long nowMillis) {
    List<Stored> stored = new ArrayList<>();
    List<Record> originals = new ArrayList<>();
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
      for (Record r : response.getSection(section)) {
        long ttl = switch (decision.kind()) {
          case POSITIVE -> policy.clampPositive(r.getTTL());
          case NEGATIVE -> decision.ttlSeconds();
          case UNCACHEABLE -> TtlPolicy.sane(r.getTTL());
        };
        stored.add(new Stored(section, r.toWire(section), r.getName().length() + 4, ttl));
        originals.add(r);
      }
    }
    CachedResponse entry = new CachedResponse(response.getRcode(), decision.kind(),
        List.copyOf(stored), nowMillis, decision.ttlSeconds());
    entry.rendered = entry.unelapsed(originals);
    return entry;
  }

  /**
   * The records as {@link #fill} renders them before a second has elapsed, reusing each of
   * {@code originals} whose TTL is already the stored one (immutable, so shared safely): the
   * answer to the miss that stored this entry, and its wire template, then cost no re-parse.
   */
  private Rendered unelapsed(List<Record> originals) {
    Record[] out = new Record[records.size()];
    for (int i = 0; i < out.length; i++) {
      Stored s = records.get(i);
      Record original = originals.get(i);
      out[i] = original.getTTL() == s.ttl() ? original : withTtl(s, s.ttl());
    }
    return new Rendered(0, -1, out);
  }

  /** Whole seconds since the entry was stored (0 if the clock went backwards). */
  public long elapsedSeconds(long nowMillis) {
    return Math.max(0, (nowMillis - storedAtMillis) / 1000);
  }

  /** Seconds of freshness left; 0 or less means expired. */
  public long remainingSeconds(long nowMillis) {
    return ttlSeconds - elapsedSeconds(nowMillis);
  }

  /** True while the entry may be served as a normal cache hit. */
  public boolean isFresh(long nowMillis) {
    return remainingSeconds(nowMillis) > 0;
  }

  public int rcode() {
    return rcode;
  }

  public TtlPolicy.Kind kind() {
    return kind;
  }

  public long ttlSeconds() {
    return ttlSeconds;
  }

  public long storedAtMillis() {
    return storedAtMillis;
  }

  /**
   * Adds the records to {@code response} with TTLs counted down to {@code nowMillis}, or all
   * set to {@code staleTtl} when {@code staleTtl >= 0} (RFC 8767 section 4), and sets rcode.
   */
  public void fill(Message response, long nowMillis, long staleTtl) {
    long elapsed = elapsedSeconds(nowMillis);
    Rendered r = rendered;
    if (r == null || r.elapsed() != elapsed || r.staleTtl() != staleTtl) {
      Record[] out = new Record[records.size()];
      for (int i = 0; i < out.length; i++) {
        Stored s = records.get(i);
        out[i] = withTtl(s, staleTtl >= 0 ? staleTtl : Math.max(0, s.ttl() - elapsed));
      }
      r = new Rendered(elapsed, staleTtl, out);
      rendered = r;
    }
    for (int i = 0; i < r.records().length; i++) {
      response.addRecord(r.records()[i], records.get(i).section());
    }
    response.getHeader().setRcode(rcode);
  }

  /**
   * This entry as ready wire bytes answering {@code key} (the key it is cached under), for the
   * cache-hit fast path. Built on first use and then shared: the entry never changes.
   */
  public ResponseTemplate template(CacheKey key) {
    ResponseTemplate t = template;
    if (t == null) {
      Message m = new Message(0);
      m.getHeader().setFlag(Flags.QR);
      m.getHeader().setFlag(Flags.RA);
      m.getHeader().setRcode(rcode);
      m.addRecord(Record.newRecord(key.name().toName(), key.type(), key.dclass()),
          Section.QUESTION);
      Rendered r = rendered;
      Record[] unelapsed =
          r != null && r.elapsed() == 0 && r.staleTtl() < 0 ? r.records() : null;
      long[] ttls = new long[records.size()];
      for (int i = 0; i < ttls.length; i++) {
        Stored s = records.get(i);
        m.addRecord(unelapsed != null ? unelapsed[i] : withTtl(s, s.ttl()), s.section());
        ttls[i] = s.ttl();
      }
      t = ResponseTemplate.of(m, ttls);
      template = t;
    }
    return t;
  }

  /** Writes this entry for {@link CacheSnapshot} (records as stored: wire bytes and TTLs). */
  void writeTo(java.io.DataOutputStream out) throws IOException {
    out.writeByte(rcode);
    out.writeByte(kind.ordinal());
    out.writeLong(storedAtMillis);
    out.writeLong(ttlSeconds);
    out.writeShort(records.size());
    for (Stored s : records) {
      out.writeByte(s.section());
      out.writeShort(s.ttlOffset());
      out.writeLong(s.ttl());
      out.writeShort(s.wire().length);
      out.write(s.wire());
    }
  }

  /** Reads an entry written by {@link #writeTo}; every record must parse again. */
  static CachedResponse readFrom(java.io.DataInputStream in) throws IOException {
    int rcode = in.readUnsignedByte();
    int kindIndex = in.readUnsignedByte();
    TtlPolicy.Kind[] kinds = TtlPolicy.Kind.values();
    if (kindIndex >= kinds.length || rcode > 15) {
      throw new IOException("bad entry header");
    }
    long storedAt = in.readLong();
    long ttl = in.readLong();
    int n = in.readUnsignedShort();
    List<Stored> stored = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int section = in.readUnsignedByte();
      int ttlOffset = in.readUnsignedShort();
      long recordTtl = in.readLong();
      byte[] wire = new byte[in.readUnsignedShort()];
      in.readFully(wire);
      if ((section != Section.ANSWER && section != Section.AUTHORITY)
          || ttlOffset + 4 > wire.length || recordTtl < 0 || recordTtl > 0x7fffffffL) {
        throw new IOException("bad record in entry");
      }
      Stored s = new Stored(section, wire, ttlOffset, recordTtl);
      withTtl(s, recordTtl); // throws UncheckedIOException if the bytes are not a record
      stored.add(s);
    }
    if (ttl < 0 || ttl > 0x7fffffffL) {
      throw new IOException("bad entry ttl");
    }
    return new CachedResponse(rcode, kinds[kindIndex], List.copyOf(stored), storedAt, ttl);
  }

  private static Record withTtl(Stored s, long ttl) {
    byte[] wire = s.wire().clone();
    int o = s.ttlOffset();
    wire[o] = (byte) (ttl >>> 24);
    wire[o + 1] = (byte) (ttl >>> 16);
    wire[o + 2] = (byte) (ttl >>> 8);
    wire[o + 3] = (byte) ttl;
    try {
      return Record.fromWire(wire, s.section());
    } catch (IOException e) {
      throw new UncheckedIOException("cached record no longer parses", e); // we wrote it
    }
  }
}
