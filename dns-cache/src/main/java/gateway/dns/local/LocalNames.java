package gateway.dns.local;

import java.net.InetAddress;

/**
 * Live LAN host names, fed by gateway-app from dhcp-server's lease events. A name added here
 * is answered authoritatively (A or AAAA, and PTR for the address) until removed.
 *
 * <p>Host names are single DNS labels (as DHCP option 12 carries them) or already under the
 * LAN domain; invalid names are ignored and reported by the return value, because a DHCP
 * client chooses its own name and must not be able to inject arbitrary DNS names. Thread-safe.
 */
public interface LocalNames {

  /** Publishes {@code hostName} → {@code address}; false if the name was not acceptable. */
  boolean add(String hostName, InetAddress address);

  /** Withdraws a mapping added before; false if it was not present. */
  boolean remove(String hostName, InetAddress address);
}
