package gateway.it.dhcp;

import gateway.it.netns.Netns;
import gateway.it.topology.Topology;

/**
 * Turns the topology's clients into DHCP clients: the harness gives each a static address and
 * routes, which a DHCP client must not find already there. One client can get a fixed MAC, the
 * one a reservation names.
 */
final class DhcpOnlyClients {
    private DhcpOnlyClients() {}

    /** Flushes the IPv4 addresses and main-table routes of clients 1..{@code clients}. */
    static void prepare(Topology net, int clients) {
        for (int i = 1; i <= clients; i++) {
            Netns c = net.client(i);
            c.ip("-4", "addr", "flush", "dev", "eth0");
            c.ip("-4", "route", "flush", "table", "main");
        }
    }

    /** Gives client {@code index} the MAC address {@code mac} (the link is taken down for it). */
    static void setMac(Topology net, int index, String mac) {
        Netns c = net.client(index);
        c.ip("link", "set", "eth0", "down");
        c.ip("link", "set", "eth0", "address", mac);
        c.ip("link", "set", "eth0", "up");
    }
}
