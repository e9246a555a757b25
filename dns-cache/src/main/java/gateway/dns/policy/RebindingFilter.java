package gateway.dns.policy;

import gateway.dns.config.Cidr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * DNS rebinding protection: a public name must not resolve into the LAN, or a web page from
 * outside could make the browser talk to the LAN's devices (what dnsmasq calls
 * stop-dns-rebind and unbound private-address). Address records with private, loopback,
 * link-local, shared (RFC 6598) or configured LAN addresses are dropped unless the name is
 * in the LAN's own domain or an allowed domain.
 */
public final class RebindingFilter {

  private static final List<Cidr> PRIVATE = List.of(
      Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"),
      Cidr.parse("127.0.0.0/8"), Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"),
      Cidr.parse("192.168.0.0/16"), Cidr.parse("::/128"), Cidr.parse("::1/128"),
      Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"));

  private final List<Cidr> blocked;
  private final List<Name> allowed;

  /** {@code lanNetworks} are blocked too; names under {@code allowedDomains} pass. */
  public RebindingFilter(List<Cidr> lanNetworks, List<Name> allowedDomains) {
    List<Cidr> b = new ArrayList<>(PRIVATE);
    b.addAll(lanNetworks);
    this.blocked = List.copyOf(b);
    this.allowed = List.copyOf(allowedDomains);
  }

  /** True when the address points into a private range or the LAN. */
  public boolean isPrivate(InetAddress address) {
    for (Cidr c : blocked) {
      if (c.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** The answer records without rebinding attempts; same list instance if nothing was dropped. */
  public List<Record> filter(Name qname, List<Record> answer) {
    for (Name a : allowed) {
      if (qname.subdomain(a)) {
        return answer;
      }
    }
    List<Record> out = null;
    for (int i = 0; i < answer.size(); i++) {
      Record r = answer.get(i);
      InetAddress addr = r instanceof ARecord || r instanceof AAAARecord ? address(r) : null;
      if (addr != null && isPrivate(addr)) {
        if (out == null) {
          out = new ArrayList<>(answer.subList(0, i));
        }
      } else if (out != null) {
        out.add(r);
      }
    }
    return out == null ? answer : out;
  }

  /**
   * The address an A or AAAA record holds, from its 4 or 16 rdata bytes: dnsjava's
   * getAddress() also attaches the owner name as a host name, text this check never reads.
   */
  private static InetAddress address(Record r) {
    try {
      return InetAddress.getByAddress(r.rdataToWireCanonical());
    } catch (UnknownHostException e) { // not 4 or 16 bytes: dnsjava would not parse it
      throw new IllegalStateException("address record with " + r.rdataToString(), e);
    }
  }
}
