package gateway.dns.local;

import gateway.dns.codec.WireName;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Authoritative answers for the LAN: names in the {@link HostTable}, and everything under the
 * LAN domain and its reverse zones. Names under those zones are never forwarded: unknown ones
 * get NXDOMAIN with the zone's SOA (RFC 2308 section 3), known names asked for a type they do
 * not have get NODATA, empty non-terminals get NODATA (RFC 8020).
 */
public final class LocalZone {

  /** An authoritative answer. */
  public record Answer(int rcode, List<Record> answer, List<Record> authority) {
    public Answer {
      answer = List.copyOf(answer);
      authority = List.copyOf(authority);
    }
  }

  private final List<Name> zones;
  private final List<WireName> wireZones;
  private final HostTable table;
  private final long ttl;

  /** {@code zones} are the LAN domain and reverse zones, {@code ttl} the TTL of answers. */
  public LocalZone(List<Name> zones, HostTable table, long ttl) {
    this.zones = zones.stream().map(Name::canonicalize).toList();
    this.wireZones = this.zones.stream().map(WireName::of).toList();
    this.table = table;
    this.ttl = ttl;
  }

  /** The answer for a question of class IN, or empty when the name is not local. */
  public Optional<Answer> answer(Name qname, int qtype) {
    Name zone = enclosingZone(qname);
    Set<InetAddress> addresses = table.addresses(qname);
    Set<Name> ptrs = table.names(qname);
    if (zone == null && addresses.isEmpty() && ptrs.isEmpty()) {
      return Optional.empty(); // the common case: a public name, forwarded
    }
    List<Record> records = new ArrayList<>();
    for (InetAddress a : addresses) {
      if (a instanceof Inet4Address && (qtype == Type.A || qtype == Type.ANY)) {
        records.add(new ARecord(qname, DClass.IN, ttl, a));
      } else if (a instanceof Inet6Address && (qtype == Type.AAAA || qtype == Type.ANY)) {
        records.add(new AAAARecord(qname, DClass.IN, ttl, a));
      }
    }
    if (qtype == Type.PTR || qtype == Type.ANY) {
      for (Name n : ptrs) {
        records.add(new PTRRecord(qname, DClass.IN, ttl, n));
      }
    }
    if (zone != null && qname.equals(zone) && qtype == Type.SOA) {
      records.add(soa(zone));
    }
    boolean exists = !addresses.isEmpty() || !ptrs.isEmpty()
        || (zone != null && qname.equals(zone)) || table.hasNamesBelow(qname);
    if (!records.isEmpty()) {
      return Optional.of(new Answer(Rcode.NOERROR, records, List.of()));
    }
    if (exists) {
      return Optional.of(new Answer(Rcode.NOERROR, List.of(), zone == null ? List.of()
          : List.of(soa(zone))));
    }
    if (zone != null) {
      return Optional.of(new Answer(Rcode.NXDOMAIN, List.of(), List.of(soa(zone))));
    }
    return Optional.empty();
  }

  /**
   * True when {@link #answer} would answer for {@code name} (of any type): it lies in one of
   * the zones, or the host table knows it. Allocation-free, for the cache-hit fast path.
   */
  public boolean covers(WireName name) {
    for (int i = 0; i < wireZones.size(); i++) {
      if (name.isAtOrBelow(wireZones.get(i))) {
        return true;
      }
    }
    return table.contains(name);
  }

  private Name enclosingZone(Name qname) {
    Name best = null;
    for (Name z : zones) {
      if (qname.subdomain(z) && (best == null || z.labels() > best.labels())) {
        best = z;
      }
    }
    return best;
  }

  private SOARecord soa(Name zone) {
    try {
      Name admin = Name.concatenate(Name.fromConstantString("hostmaster"), zone);
      return new SOARecord(zone, DClass.IN, ttl, Name.fromConstantString("localhost."), admin,
          1, 3600, 600, 86400, ttl);
    } catch (org.xbill.DNS.NameTooLongException e) {
      return new SOARecord(zone, DClass.IN, ttl, Name.fromConstantString("localhost."),
          Name.fromConstantString("hostmaster.localhost."), 1, 3600, 600, 86400, ttl);
    }
  }
}
