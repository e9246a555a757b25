package gateway.dns.policy;

import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;

/**
 * How large a UDP response to a client may be. Without EDNS0 the limit is 512 bytes
 * (RFC 1035 section 4.2.1); with EDNS0 the client's advertised size (RFC 6891 section 6.2.5,
 * values under 512 count as 512), capped at the 1232 bytes that DNS Flag Day 2020 chose to
 * avoid IP fragmentation, which is also what this server advertises.
 */
public final class PayloadSize {

  /** The EDNS0 UDP payload size this server advertises and never exceeds. */
  public static final int ADVERTISED = 1232;

  /** Classic DNS limit for UDP without EDNS0. */
  public static final int CLASSIC = 512;

  private PayloadSize() {}

  /** The largest UDP response the client of {@code query} may receive. */
  public static int udpLimit(Message query) {
    OPTRecord opt = query.getOPT();
    return opt == null ? CLASSIC : udpLimit(opt.getPayloadSize());
  }

  /** The largest UDP response for a client that advertised {@code ednsPayload} bytes. */
  public static int udpLimit(int ednsPayload) {
    return Math.min(ADVERTISED, Math.max(CLASSIC, ednsPayload));
  }
}
