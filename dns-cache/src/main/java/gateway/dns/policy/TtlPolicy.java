package gateway.dns.policy;

import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * Decides whether and how long an upstream response may be cached. Pure: no clock, no I/O.
 *
 * <ul>
 *   <li>Positive answers live as long as their smallest record TTL (RFC 2181 section 5.2: an
 *       RRset has one TTL; a response is only as fresh as its shortest-lived part).
 *   <li>TTLs with the top bit set count as zero (RFC 2181 section 8).
 *   <li>NXDOMAIN and NODATA are cached for min(SOA TTL, SOA MINIMUM) and only when the
 *       authority section carries the SOA (RFC 2308 sections 3 and 5).
 *   <li>SERVFAIL, REFUSED, FORMERR, NOTIMP and truncated responses are not cached here.
 *   <li>Results are clamped to [minTtl, maxTtl] (negative: [minTtl, negativeMaxTtl]); a
 *       result of 0 means "do not cache" (RFC 1035 section 3.2.1).
 * </ul>
 */
public final class TtlPolicy {

  /** What kind of cache entry a response makes. */
  public enum Kind { POSITIVE, NEGATIVE, UNCACHEABLE }

  /** The verdict for one response; {@code ttlSeconds} is 0 for UNCACHEABLE. */
  public record Decision(Kind kind, long ttlSeconds) {
    public static final Decision UNCACHEABLE = new Decision(Kind.UNCACHEABLE, 0);

    public Decision {
      if (ttlSeconds < 0) {
        throw new IllegalArgumentException("ttl must be >= 0, got " + ttlSeconds);
      }
    }
  }

  private final long minTtl;
  private final long maxTtl;
  private final long negativeMaxTtl;

  public TtlPolicy(long minTtl, long maxTtl, long negativeMaxTtl) {
    if (minTtl < 0 || maxTtl < minTtl || negativeMaxTtl < 0) {
      throw new IllegalArgumentException(
          "need 0 <= minTtl <= maxTtl and negativeMaxTtl >= 0, got "
              + minTtl + ", " + maxTtl + ", " + negativeMaxTtl);
    }
    this.minTtl = minTtl;
    this.maxTtl = maxTtl;
    this.negativeMaxTtl = negativeMaxTtl;
  }

  /** The cache verdict for an upstream response (already scrubbed to the question). */
  public Decision decide(Message response) {
    if (response.getHeader().getFlag(Flags.TC)) {
      return Decision.UNCACHEABLE;
    }
    int rcode = response.getRcode();
    List<Record> answer = response.getSection(Section.ANSWER);
    boolean nodata = rcode == Rcode.NOERROR && answer.isEmpty();
    if (rcode == Rcode.NXDOMAIN || nodata) {
      return negative(response, answer);
    }
    if (rcode != Rcode.NOERROR) {
      return Decision.UNCACHEABLE;
    }
    long ttl = Long.MAX_VALUE;
    for (Record r : answer) {
      ttl = Math.min(ttl, clampPositive(r.getTTL()));
    }
    return ttl == 0 ? Decision.UNCACHEABLE : new Decision(Kind.POSITIVE, ttl);
  }

  /** The TTL a positive record is stored with: its own TTL clamped to [minTtl, maxTtl]. */
  public long clampPositive(long recordTtl) {
    return Math.min(maxTtl, Math.max(minTtl, sane(recordTtl)));
  }

  private Decision negative(Message response, List<Record> answer) {
    SOARecord soa = null;
    for (Record r : response.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord s) {
        soa = s;
        break;
      }
    }
    if (soa == null) {
      return Decision.UNCACHEABLE; // RFC 2308 section 5: no SOA, no negative caching
    }
    long ttl = Math.min(sane(soa.getTTL()), sane(soa.getMinimum()));
    for (Record r : answer) { // a CNAME chain ending in NXDOMAIN is only as fresh as the chain
      ttl = Math.min(ttl, sane(r.getTTL()));
    }
    ttl = Math.min(negativeMaxTtl, Math.max(minTtl, ttl));
    return ttl == 0 ? Decision.UNCACHEABLE : new Decision(Kind.NEGATIVE, ttl);
  }

  /** RFC 2181 section 8: values with the most significant bit set are treated as zero. */
  public static long sane(long ttl) {
    return ttl < 0 || ttl > 0x7fffffffL ? 0 : ttl;
  }
}
