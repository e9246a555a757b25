package gateway.dns.codec;

import io.netty.buffer.ByteBuf;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The header and question of a plain query, read straight from the datagram's bytes for the
 * cache-hit fast path: no dnsjava message is built. {@link #parse} accepts only the common
 * shape (opcode QUERY, one uncompressed question of class IN, no answer or authority records,
 * at most one EDNS0 version 0 OPT record, nothing after it) and returns null for everything
 * else, which then takes the full path with its FORMERR/NOTIMP/BADVERS/REFUSED answers. So a
 * null here is never an error, only "not for the fast path".
 */
public final class WireQuestion {

  static final int HEADER = 12;
  private static final int OPT_FIXED = 11; // root owner, type, class, TTL, RDLENGTH

  private final int id;
  private final boolean recursionDesired;
  private final boolean checkingDisabled;
  private final int nameOffset;
  private final int nameLength;
  private final int type;
  private final boolean edns;
  private final int ednsPayload;
  private final WireName name;

  private WireQuestion(int id, int flags, int nameOffset, int nameLength, int type,
      boolean edns, int ednsPayload, WireName name) {
    this.id = id;
    this.recursionDesired = (flags & 0x0100) != 0;
    this.checkingDisabled = (flags & 0x0010) != 0;
    this.nameOffset = nameOffset;
    this.nameLength = nameLength;
    this.type = type;
    this.edns = edns;
    this.ednsPayload = ednsPayload;
    this.name = name;
  }

  /**
   * Reads the readable bytes of {@code in} (not consumed) as a plain query, or returns null
   * when they are anything else: too short or too long, a response, another opcode, not one
   * question, a compressed or malformed name, a class other than IN, a meta or zone-transfer
   * type, other records, an OPT that is not version 0 or whose options dnsjava would reject,
   * or trailing bytes.
   */
  public static WireQuestion parse(ByteBuf in) {
    int start = in.readerIndex();
    int end = in.writerIndex();
    int length = end - start;
    if (length < HEADER + 5 || length > QueryParser.MAX_QUERY_BYTES) {
      return null;
    }
    int flags = in.getUnsignedShort(start + 2);
    if ((flags & 0xf800) != 0) { // QR set, or an opcode other than QUERY
      return null;
    }
    if (in.getUnsignedShort(start + 4) != 1 || in.getUnsignedShort(start + 6) != 0
        || in.getUnsignedShort(start + 8) != 0) {
      return null;
    }
    int additional = in.getUnsignedShort(start + 10);
    if (additional > 1) {
      return null;
    }
    int nameOffset = start + HEADER;
    int at = nameOffset;
    while (true) { // uncompressed labels of 1..63 bytes, then the root label
      if (at >= end) {
        return null;
      }
      int label = in.getUnsignedByte(at);
      if (label == 0) {
        at++;
        break;
      }
      if (label > 63) { // compression pointer or extended label type: the full path decides
        return null;
      }
      at += label + 1;
    }
    int nameLength = at - nameOffset;
    if (nameLength > WireName.MAX_LENGTH || at + 4 > end) {
      return null;
    }
    int type = in.getUnsignedShort(at);
    int dclass = in.getUnsignedShort(at + 2);
    at += 4;
    if (dclass != DClass.IN || !ordinaryType(type)) {
      return null;
    }
    boolean edns = additional == 1;
    int payload = 0;
    if (edns) {
      if (at + OPT_FIXED > end || in.getUnsignedByte(at) != 0
          || in.getUnsignedShort(at + 1) != Type.OPT
          || in.getUnsignedByte(at + 6) != 0) { // EDNS version 0 only; others get BADVERS
        return null;
      }
      payload = in.getUnsignedShort(at + 3);
      int rdLength = in.getUnsignedShort(at + 9);
      if (at + OPT_FIXED + rdLength != end
          || (rdLength > 0 && !optionsParse(in, at, OPT_FIXED + rdLength))) {
        return null;
      }
      at = end;
    }
    if (at != end) {
      return null;
    }
    return new WireQuestion(in.getUnsignedShort(start), flags, nameOffset, nameLength, type,
        edns, payload, WireName.copyOf(in, nameOffset, nameLength));
  }

  /** Types the cache may hold: not ANY, zone transfers, MAILA/MAILB or EDNS/TSIG meta types. */
  private static boolean ordinaryType(int type) {
    return switch (type) {
      case Type.ANY, Type.AXFR, Type.IXFR, Type.MAILA, Type.MAILB, Type.OPT, Type.TSIG,
          Type.TKEY -> false;
      default -> true;
    };
  }

  /**
   * EDNS options (e.g. dig's COOKIE) are rare enough to be checked by dnsjava itself, so that
   * an option it would reject (and the full path answer with FORMERR) is never served here.
   */
  private static boolean optionsParse(ByteBuf in, int offset, int length) {
    byte[] opt = new byte[length];
    in.getBytes(offset, opt);
    try {
      Record.fromWire(opt, Section.ADDITIONAL);
      return true;
    } catch (Exception e) { // WireParseException mostly; anything else means the same
      return false;
    }
  }

  /** The query's ID. */
  public int id() {
    return id;
  }

  /** RD, copied into the answer. */
  public boolean recursionDesired() {
    return recursionDesired;
  }

  /** CD, copied into the answer. */
  public boolean checkingDisabled() {
    return checkingDisabled;
  }

  /** Where the question (name, type, class) starts in the buffer that was parsed. */
  public int questionOffset() {
    return nameOffset;
  }

  /** Length of the question: name, type and class. */
  public int questionLength() {
    return nameLength + 4;
  }

  /**
   * The query name as text, in the client's case, exactly as dnsjava's {@code Name.toString()}
   * writes it (for the listener); {@code in} is the buffer that was parsed.
   */
  public String nameText(ByteBuf in) {
    if (nameLength == 1) {
      return ".";
    }
    StringBuilder s = new StringBuilder(nameLength + 8);
    int at = nameOffset;
    for (int label = in.getUnsignedByte(at); label != 0; label = in.getUnsignedByte(at)) {
      for (int i = 1; i <= label; i++) {
        appendEscaped(s, in.getUnsignedByte(at + i));
      }
      s.append('.');
      at += label + 1;
    }
    return s.toString();
  }

  /** dnsjava's master-file escaping: \DDD for control and non-ASCII bytes, \c for specials. */
  private static void appendEscaped(StringBuilder s, int b) {
    if (b <= 0x20 || b >= 0x7f) {
      s.append('\\');
      if (b < 100) {
        s.append('0');
      }
      if (b < 10) {
        s.append('0');
      }
      s.append(b);
    } else if (b == '"' || b == '(' || b == ')' || b == '.' || b == ';' || b == '\\'
        || b == '@' || b == '$') {
      s.append('\\').append((char) b);
    } else {
      s.append((char) b);
    }
  }

  /** The query type. */
  public int type() {
    return type;
  }

  /** The query name, lower-cased: the cache key's name. */
  public WireName name() {
    return name;
  }

  /** True when the query carried an OPT record (the answer then carries one too). */
  public boolean edns() {
    return edns;
  }

  /** The client's EDNS0 UDP payload size (0 without EDNS). */
  public int ednsPayload() {
    return ednsPayload;
  }
}
