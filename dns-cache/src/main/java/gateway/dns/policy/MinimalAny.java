package gateway.dns.policy;

import org.xbill.DNS.HINFORecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * RFC 8482 section 4.2: instead of everything it knows about a name, a server may answer an
 * ANY query with one synthesized HINFO record (CPU "RFC8482", empty OS). That keeps ANY from
 * being an amplification tool and is never forwarded.
 */
public final class MinimalAny {

  /** TTL of the synthesized HINFO; RFC 8482 section 6 suggests a long one. */
  public static final long TTL = 3600;

  private MinimalAny() {}

  /** The one record that answers ANY for {@code name} in class {@code dclass}. */
  public static Record answer(Name name, int dclass) {
    return new HINFORecord(name, dclass, TTL, "RFC8482", "");
  }
}
