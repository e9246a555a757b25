package gateway.dns.codec;

import java.net.InetSocketAddress;
import org.xbill.DNS.Message;

/** What a query decoder produces: a parsed query, or the facts about input that failed. */
public sealed interface Inbound {

  /** The client the answer goes to. */
  InetSocketAddress client();

  /**
   * A parsed query.
   *
   * @param query the message as the client sent it
   * @param client where it came from
   * @param responseLimit the largest response the client can take over this transport
   */
  record Query(Message query, InetSocketAddress client, int responseLimit) implements Inbound {}

  /**
   * Input that is not a usable query.
   *
   * @param id the header ID if a header was present, for a FORMERR answer
   * @param opcode the header opcode, echoed in the FORMERR answer
   * @param answerable false when no answer must be sent (no header, a response, oversized)
   * @param reason for the listener
   */
  record Malformed(InetSocketAddress client, int id, int opcode, boolean answerable,
      String reason) implements Inbound {}
}
