package gateway.app.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IP network such as {@code 192.0.2.0/24}; the host bits of the address must be zero. */
public record Cidr(InetAddress network, int prefixLength) {
  public Cidr {
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " is out of range 0.." + bits);
    }
    if (!masked(network, prefixLength).equals(network)) {
      throw new IllegalArgumentException(network.getHostAddress() + "/" + prefixLength
          + " has host bits set (the network is " + masked(network, prefixLength).getHostAddress()
          + "/" + prefixLength + ")");
    }
  }

  public static Cidr parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("'" + text + "' is not a network (write e.g. 192.0.2.0/24)");
    }
    InetAddress address = IpAddresses.parse(t.substring(0, slash));
    int prefix;
    try {
      prefix = Integer.parseInt(t.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
    }
    return new Cidr(address, prefix);
  }

  public boolean contains(InetAddress address) {
    if (address.getAddress().length != network.getAddress().length) {
      return false;
    }
    return masked(address, prefixLength).equals(network);
  }

  /** The last address of the network (the IPv4 broadcast address). */
  public InetAddress lastAddress() {
    byte[] b = network.getAddress();
    for (int i = 0; i < b.length; i++) {
      int hostBits = Math.max(0, Math.min(8, (i + 1) * 8 - prefixLength));
      b[i] |= (byte) ((1 << hostBits) - 1);
    }
    return byAddress(b);
  }

  private static InetAddress masked(InetAddress address, int prefix) {
    byte[] b = address.getAddress();
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      b[i] &= (byte) (0xff << (8 - keep));
    }
    return byAddress(b);
  }

  private static InetAddress byAddress(byte[] b) {
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // cannot happen for 4 or 16 bytes
    }
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}
