package gateway.dns.policy;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Type;

/**
 * Keeps only the records of an upstream response that belong to the question, so nothing
 * unrelated can be slipped into the cache (the Kaminsky-style poisoning vector).
 *
 * <ul>
 *   <li>Answer: records owned by the query name or by a name reached from it through CNAME
 *       (RFC 1034 section 3.6.2) or DNAME (RFC 6672 section 2) records that are themselves
 *       kept, of the queried type, CNAME or DNAME, and of the queried class.
 *   <li>Authority: only SOA and NS records whose owner is the final name or one of its
 *       ancestors (the SOA is what negative caching needs, RFC 2308 section 3).
 *   <li>Additional: dropped. A forwarder's clients ask again for what they need; additional
 *       data is exactly what poisoning attempts used to ride on.
 * </ul>
 */
public final class Bailiwick {

  /** The scrubbed answer and authority sections. */
  public record Scrubbed(List<Record> answer, List<Record> authority, int dropped) {
    public Scrubbed {
      answer = List.copyOf(answer);
      authority = List.copyOf(authority);
    }
  }

  private Bailiwick() {}

  /** Scrubs the sections of a response to the question {@code qname/qtype/qclass}. */
  public static Scrubbed scrub(
      Name qname, int qtype, int qclass, List<Record> answer, List<Record> authority,
      int additionalCount) {
    List<Name> chain = new ArrayList<>();
    chain.add(qname);
    List<Record> kept = new ArrayList<>();
    boolean[] taken = new boolean[answer.size()];
    boolean progress = true;
    // Order in the section is not guaranteed, so walk until the chain stops growing.
    while (progress) {
      progress = false;
      for (int i = 0; i < answer.size(); i++) {
        if (taken[i]) {
          continue;
        }
        Record r = answer.get(i);
        if (r.getDClass() != qclass) {
          continue;
        }
        Name target = follow(r, chain, qtype);
        if (target == null) {
          continue;
        }
        taken[i] = true;
        kept.add(r);
        progress = true;
        if (!target.equals(r.getName()) && !chain.contains(target)) {
          chain.add(target);
        }
      }
    }
    Name last = chain.get(chain.size() - 1);
    List<Record> auth = new ArrayList<>();
    for (Record r : authority) {
      boolean zoneRecord = r instanceof SOARecord || r instanceof NSRecord;
      if (zoneRecord && r.getDClass() == qclass && last.subdomain(r.getName())) {
        auth.add(r);
      }
    }
    int dropped = answer.size() - kept.size() + authority.size() - auth.size() + additionalCount;
    return new Scrubbed(kept, auth, dropped);
  }

  /**
   * Returns the name this record leads to if it belongs to the chain (its own name for plain
   * records), or null when the record is out of bailiwick.
   */
  private static Name follow(Record r, List<Name> chain, int qtype) {
    Name owner = r.getName();
    if (r instanceof DNAMERecord d) {
      for (Name n : chain) {
        if (n.subdomain(owner) && !n.equals(owner)) {
          try {
            return n.fromDNAME(d);
          } catch (NameTooLongException e) {
            return null;
          }
        }
      }
      return null;
    }
    if (!chain.contains(owner)) {
      return null;
    }
    if (r instanceof CNAMERecord c) {
      return c.getTarget();
    }
    if (r.getType() == qtype || qtype == Type.ANY || r.getType() == Type.RRSIG) {
      return owner;
    }
    return null;
  }
}
