package gateway.dns.codec;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import org.xbill.DNS.Message;

/**
 * Turns the bytes of one DNS query into an {@link Inbound}. Never throws: whatever dnsjava
 * rejects (or chokes on) becomes {@link Inbound.Malformed}. Answering FORMERR needs a header
 * (12 bytes) without the QR bit: answering responses would let two servers bounce a forged
 * packet between each other forever.
 */
public final class QueryParser {

  /**
   * Largest query accepted. A query is a header, one question and an OPT record (padding
   * included, RFC 8467 pads queries to 128-byte blocks); more than the EDNS0 size we
   * advertise is not a query we want to parse.
   */
  public static final int MAX_QUERY_BYTES = 1232;

  private static final int HEADER = 12;

  private QueryParser() {}

  /** Parses the readable bytes of {@code in} (not consumed) as a query from {@code client}. */
  public static Inbound parse(ByteBuf in, InetSocketAddress client, int responseLimit) {
    int length = in.readableBytes();
    if (length > MAX_QUERY_BYTES) {
      return new Inbound.Malformed(client, 0, 0, false, "oversized: " + length + " bytes");
    }
    if (length < HEADER) {
      return new Inbound.Malformed(client, 0, 0, false, "shorter than a header");
    }
    int id = in.getUnsignedShort(in.readerIndex());
    int flags = in.getUnsignedShort(in.readerIndex() + 2);
    boolean qr = (flags & 0x8000) != 0;
    int opcode = (flags >> 11) & 0xf;
    if (qr) {
      return new Inbound.Malformed(client, id, opcode, false, "a response, not a query");
    }
    try {
      Message m = new Message(in.nioBuffer());
      return new Inbound.Query(m, client, responseLimit);
    } catch (Exception e) { // WireParseException mostly; dnsjava may throw others on garbage
      return new Inbound.Malformed(client, id, opcode, true, "unparsable: " + e.getMessage());
    }
  }
}
