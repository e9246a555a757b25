package gateway.dhcp.config;

import gateway.dhcp.codec.Ipv4;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One LAN interface and the subnet served on it. Requests are answered from the subnet of the
 * interface they came in on (or, relayed, the subnet holding {@code giaddr}).
 *
 * @param interfaceName the LAN interface, e.g. "lan0"; the socket is bound to it
 * @param serverAddress the gateway's address on it: server identifier, and by default router and DNS
 * @param routers option 3; empty means the gateway itself
 * @param dnsServers option 6; empty means the gateway itself
 */
public record SubnetConfig(
        String interfaceName, Ipv4 serverAddress, int prefixLength,
        List<AddressRange> pools, List<Ipv4> excluded,
        List<Ipv4> routers, List<Ipv4> dnsServers, Optional<String> domainName,
        List<Ipv4> ntpServers, List<StaticRoute> staticRoutes, Duration leaseTime) {

    public SubnetConfig {
        if (interfaceName == null || interfaceName.isBlank() || interfaceName.length() > 15) {
            throw new IllegalArgumentException("interface name is required (at most 15 characters)");
        }
        if (serverAddress == null || serverAddress.isAny()) {
            throw new IllegalArgumentException("server address is required for " + interfaceName);
        }
        if (prefixLength < 8 || prefixLength > 30) {
            throw new IllegalArgumentException("prefix length must be 8..30: " + prefixLength);
        }
        pools = List.copyOf(pools);
        excluded = List.copyOf(excluded);
        routers = List.copyOf(routers.isEmpty() ? List.of(serverAddress) : routers);
        dnsServers = List.copyOf(dnsServers.isEmpty() ? List.of(serverAddress) : dnsServers);
        ntpServers = List.copyOf(ntpServers);
        staticRoutes = List.copyOf(staticRoutes);
        if (pools.isEmpty()) {
            throw new IllegalArgumentException("subnet on " + interfaceName + " needs at least one pool range");
        }
        // fields are not assigned yet inside the compact constructor: compute from the parameters
        int maskBits = Ipv4.mask(prefixLength).bits();
        Ipv4 net = new Ipv4(serverAddress.bits() & maskBits);
        Ipv4 bcast = new Ipv4(net.bits() | ~maskBits);
        for (AddressRange r : pools) {
            if ((r.first().bits() & maskBits) != net.bits() || (r.last().bits() & maskBits) != net.bits()) {
                throw new IllegalArgumentException("pool " + r + " is outside " + net + "/" + prefixLength);
            }
            if (r.first().equals(net) || r.last().equals(bcast)) {
                throw new IllegalArgumentException("pool " + r + " includes the network or broadcast address");
            }
        }
        if (leaseTime == null || leaseTime.toSeconds() < 60 || leaseTime.toSeconds() > 0xfffffffeL) {
            throw new IllegalArgumentException("lease time must be at least 60 s: " + leaseTime);
        }
        domainName = domainName == null ? Optional.empty() : domainName;
    }

    /** A subnet with the gateway as router and DNS, no domain, NTP or routes, one-hour leases. */
    public static SubnetConfig of(String interfaceName, Ipv4 serverAddress, int prefixLength, AddressRange pool) {
        return new SubnetConfig(interfaceName, serverAddress, prefixLength, List.of(pool), List.of(), List.of(),
                List.of(), Optional.empty(), List.of(), List.of(), Duration.ofHours(1));
    }

    public Ipv4 mask() {
        return Ipv4.mask(prefixLength);
    }

    public Ipv4 network() {
        return new Ipv4(serverAddress.bits() & mask().bits());
    }

    public Ipv4 broadcast() {
        return new Ipv4(network().bits() | ~mask().bits());
    }

    public boolean contains(Ipv4 a) {
        int maskBits = Ipv4.mask(prefixLength).bits();
        return (a.bits() & maskBits) == (serverAddress.bits() & maskBits);
    }

    public boolean inPool(Ipv4 a) {
        if (a.equals(serverAddress) || excluded.contains(a)) {
            return false;
        }
        for (AddressRange r : pools) { // a loop, not a stream: asked for every address a client may get
            if (r.contains(a)) {
                return true;
            }
        }
        return false;
    }

    public SubnetConfig withLeaseTime(Duration d) {
        return new SubnetConfig(interfaceName, serverAddress, prefixLength, pools, excluded, routers, dnsServers,
                domainName, ntpServers, staticRoutes, d);
    }
}
