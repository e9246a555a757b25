package gateway.dhcp.reply;

import gateway.dhcp.codec.Ipv4;
import java.net.InetSocketAddress;

/** Where a reply is sent, and whether it leaves as a broadcast. */
public record Destination(Ipv4 address, int port) {
    public static final int SERVER_PORT = 67;
    public static final int CLIENT_PORT = 68;

    public boolean isBroadcast() {
        return address.equals(Ipv4.BROADCAST);
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(address.toInet(), port);
    }

    /**
     * RFC 2131 section 4.1: a relayed request goes back to the relay on port 67; a client with
     * an address (ciaddr) gets unicast, except NAKs; everyone else gets a broadcast. The RFC's
     * unicast-to-yiaddr case is broadcast here instead: it needs an ARP entry written first, and
     * both dhclient and udhcpc accept the broadcast (NOTES.md).
     */
    public static Destination of(Ipv4 giaddr, Ipv4 ciaddr, boolean nak) {
        if (!giaddr.isAny()) {
            return new Destination(giaddr, SERVER_PORT);
        }
        if (!ciaddr.isAny() && !nak) {
            return new Destination(ciaddr, CLIENT_PORT);
        }
        return new Destination(Ipv4.BROADCAST, CLIENT_PORT);
    }
}
