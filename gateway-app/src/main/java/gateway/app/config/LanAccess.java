package gateway.app.config;

import java.net.InetAddress;
import java.util.List;
import java.util.function.Predicate;

/** The access rule every service shares: a client is served when its address is in one of the LAN networks. */
public record LanAccess(List<Cidr> networks) implements Predicate<InetAddress> {
  public LanAccess {
    networks = List.copyOf(networks);
  }

  @Override
  public boolean test(InetAddress client) {
    InetAddress plain = unmapped(client);
    for (Cidr network : networks) {
      if (network.contains(plain)) {
        return true;
      }
    }
    return false;
  }

  /** Dual-stack sockets report IPv4 clients as {@code ::ffff:a.b.c.d}; compare them as IPv4. */
  private static InetAddress unmapped(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length != 16) {
      return address;
    }
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return address;
      }
    }
    if (b[10] != (byte) 0xff || b[11] != (byte) 0xff) {
      return address;
    }
    try {
      return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
    } catch (java.net.UnknownHostException e) {
      return address;
    }
  }

  @Override
  public String toString() {
    return networks.toString();
  }
}
