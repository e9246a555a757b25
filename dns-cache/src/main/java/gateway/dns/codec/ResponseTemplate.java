package gateway.dns.codec;

import gateway.dns.policy.PayloadSize;
import io.netty.buffer.ByteBuf;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;

/**
 * A cached answer as ready wire bytes, so that a cache hit costs a copy instead of a dnsjava
 * parse and render. The bytes are what dnsjava renders for the answer to a lower-cased
 * question (header with ID 0, question, answer and authority; names compressed against the
 * question at offset 12), with the offset of every record's TTL. Writing it for a query puts
 * in the query's ID, RD and CD bits and its question bytes (the client's letter case: the
 * compression pointers into the question then carry it, as they do when dnsjava renders for
 * that question), counts each TTL down, and appends an OPT record advertising our payload size
 * when the query had one (RFC 6891 section 7) — byte for byte what the full path sends.
 */
public final class ResponseTemplate {

  /** OPT: root owner, type 41, class = our UDP payload size, extended rcode/version/flags 0. */
  private static final byte[] OPT = {
      0, 0, 41, (byte) (PayloadSize.ADVERTISED >>> 8), (byte) PayloadSize.ADVERTISED,
      0, 0, 0, 0, 0, 0};

  private final byte[] wire;
  private final int questionLength;
  private final int[] ttlOffsets;
  private final long[] ttls;

  private ResponseTemplate(byte[] wire, int questionLength, int[] ttlOffsets, long[] ttls) {
    this.wire = wire;
    this.questionLength = questionLength;
    this.ttlOffsets = ttlOffsets;
    this.ttls = ttls;
  }

  /**
   * Renders {@code response} (one question, no additional records) and finds its TTLs;
   * {@code ttls} are the records' TTLs before any countdown, in section order. Throws
   * IllegalArgumentException when the rendering does not have that shape.
   */
  public static ResponseTemplate of(Message response, long[] ttls) {
    if (response.getSection(Section.QUESTION).size() != 1
        || !response.getSection(Section.ADDITIONAL).isEmpty()) {
      throw new IllegalArgumentException("a template needs one question and no additional");
    }
    byte[] wire = response.toWire();
    int at = skipName(wire, WireQuestion.HEADER) + 4;
    int questionLength = at - WireQuestion.HEADER;
    int records = (u16(wire, 6) + u16(wire, 8));
    if (records != ttls.length) {
      throw new IllegalArgumentException(records + " records but " + ttls.length + " TTLs");
    }
    int[] offsets = new int[records];
    for (int i = 0; i < records; i++) {
      at = skipName(wire, at);
      offsets[i] = at + 4; // after type and class
      at += 10 + u16(wire, at + 8);
    }
    if (at != wire.length) {
      throw new IllegalArgumentException("rendered response has " + (wire.length - at)
          + " unexpected bytes");
    }
    return new ResponseTemplate(wire, questionLength, offsets, ttls.clone());
  }

  /** Bytes of the answer to a query with ({@code edns}) or without an OPT record. */
  public int length(boolean edns) {
    return wire.length + (edns ? OPT.length : 0);
  }

  /** Length of the question (name, type, class); the same for every query it answers. */
  public int questionLength() {
    return questionLength;
  }

  /**
   * Writes the answer to {@code q} (parsed from {@code query}) into {@code out}, every TTL
   * less {@code elapsedSeconds} but not below 0 (RFC 1035 section 3.2.1).
   */
  public void write(ByteBuf out, ByteBuf query, WireQuestion q, long elapsedSeconds) {
    if (q.questionLength() != questionLength) {
      throw new IllegalArgumentException("question of another name"); // the key said equal
    }
    int base = out.writerIndex();
    out.writeBytes(wire);
    out.setShort(base, q.id());
    out.setByte(base + 2, wire[2] | (q.recursionDesired() ? 0x01 : 0));
    out.setByte(base + 3, wire[3] | (q.checkingDisabled() ? 0x10 : 0));
    out.setBytes(base + WireQuestion.HEADER, query, q.questionOffset(), questionLength);
    for (int i = 0; i < ttlOffsets.length; i++) {
      out.setInt(base + ttlOffsets[i], (int) Math.max(0, ttls[i] - elapsedSeconds));
    }
    if (q.edns()) {
      out.setShort(base + 10, 1);
      out.writeBytes(OPT);
    }
  }

  private static int skipName(byte[] wire, int at) {
    while (true) {
      int label = wire[at] & 0xff;
      if (label == 0) {
        return at + 1;
      }
      if ((label & 0xc0) == 0xc0) {
        return at + 2; // a compression pointer ends the name
      }
      at += label + 1;
    }
  }

  private static int u16(byte[] wire, int at) {
    return ((wire[at] & 0xff) << 8) | (wire[at + 1] & 0xff);
  }
}
