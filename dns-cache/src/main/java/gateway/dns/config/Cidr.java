package gateway.dns.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.xbill.DNS.Address;

/**
 * An address prefix such as {@code 192.0.2.0/24} or {@code 2001:db8::/32}.
 *
 * @param network the prefix's first address (host bits cleared)
 * @param prefixLength number of leading bits that must match
 */
public record Cidr(InetAddress network, int prefixLength) {

  public Cidr {
    Objects.requireNonNull(network, "network");
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " out of 0.." + bits);
    }
    network = mask(network, prefixLength);
  }

  /** Parses {@code address/length}; a bare address means a host prefix. Only literals. */
  public static Cidr parse(String text) {
    Objects.requireNonNull(text, "cidr");
    String s = text.trim();
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    try {
      InetAddress a = Address.getByAddress(addr); // literals only: never a DNS lookup
      int len = slash < 0 ? a.getAddress().length * 8 : Integer.parseInt(s.substring(slash + 1));
      return new Cidr(a, len);
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("not an IP prefix: '" + text + "'", e);
    }
  }

  /** True when {@code address} is of the same family and inside this prefix. */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    byte[] n = network.getAddress();
    if (a.length != n.length) {
      return false;
    }
    return mask(a, prefixLength).equals(network);
  }

  private static InetAddress mask(InetAddress address, int length) {
    return mask(address.getAddress(), length);
  }

  private static InetAddress mask(byte[] bytes, int length) {
    byte[] b = bytes.clone();
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, length - i * 8));
      b[i] = (byte) (b[i] & (0xff << (8 - keep)));
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // only thrown for a wrong length, impossible here
    }
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}
