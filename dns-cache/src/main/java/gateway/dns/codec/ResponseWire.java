package gateway.dns.codec;

import org.xbill.DNS.Message;

/**
 * Encodes a response within a size limit. dnsjava's {@link Message#toWire(int)} drops whole
 * RRsets that do not fit, sets TC when anything from the answer or authority had to go, and
 * keeps the OPT record (RFC 6891 section 7, RFC 2181 section 9).
 */
public final class ResponseWire {

  private ResponseWire() {}

  /** The wire form of {@code response}, truncated to {@code limit} bytes if needed. */
  public static byte[] encode(Message response, int limit) {
    return response.toWire(limit);
  }

  /** True when the encoded message has the TC bit. */
  public static boolean truncated(byte[] wire) {
    return wire.length > 2 && (wire[2] & 0x02) != 0;
  }
}
