package gateway.dns.local;

import gateway.dns.config.Cidr;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.ReverseMap;

/**
 * The reverse zones (in-addr.arpa, RFC 1035 section 3.5; ip6.arpa, RFC 3596 section 2.5) that
 * cover a LAN prefix. Reverse names have label boundaries every 8 bits (IPv4) or 4 bits
 * (IPv6), so a prefix between boundaries becomes several zones (a /23 is two /24 zones),
 * never one wider zone that would swallow addresses outside the LAN. At most 128 zones (a /17).
 */
public final class ReverseZones {

  private ReverseZones() {}

  /** The zone names for {@code prefix}. */
  public static List<Name> of(Cidr prefix) {
    byte[] base = prefix.network().getAddress();
    boolean v4 = base.length == 4;
    int step = v4 ? 8 : 4;
    int totalLabels = v4 ? 4 : 32;
    int rounded = ((prefix.prefixLength() + step - 1) / step) * step;
    int extraBits = rounded - prefix.prefixLength();
    List<Name> zones = new ArrayList<>();
    BigInteger start = new BigInteger(1, base);
    int hostBits = base.length * 8 - rounded;
    for (int i = 0; i < (1 << extraBits); i++) {
      BigInteger subnet = start.add(BigInteger.valueOf(i).shiftLeft(hostBits));
      Name full = ReverseMap.fromAddress(toAddress(subnet, base.length));
      int keep = rounded / step;
      zones.add(new Name(full, totalLabels - keep).canonicalize());
    }
    return zones;
  }

  private static InetAddress toAddress(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    byte[] b = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, b, length - copy, copy);
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
