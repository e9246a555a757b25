package gateway.it.topology;

import gateway.it.netns.Netns;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A built standard topology: LAN clients, the gateway, the ISP router and internet hosts, each in
 * its own namespace (see {@link Addresses} for the picture). Closing it stops every daemon started
 * in its namespaces and deletes them.
 *
 * <p>Build one with {@link #builder()}; the gateway namespace starts as a plain router.
 */
public final class Topology implements AutoCloseable {

    private final String run;
    private final WorkDir workDir;
    private final Netns gateway;
    private final Netns isp;
    private final List<Netns> clients;
    private final Map<String, Netns> internetHosts;
    private final Map<String, Integer> internetOctets;
    private final boolean ipv6;

    Topology(String run, WorkDir workDir, Netns gateway, Netns isp, List<Netns> clients,
             Map<String, Netns> internetHosts, Map<String, Integer> internetOctets, boolean ipv6) {
        this.run = run;
        this.workDir = workDir;
        this.gateway = gateway;
        this.isp = isp;
        this.clients = List.copyOf(clients);
        this.internetHosts = Map.copyOf(internetHosts);
        this.internetOctets = Map.copyOf(internetOctets);
        this.ipv6 = ipv6;
    }

    /** A builder for the default topology: one client, the origin host 203.0.113.80, IPv6 on. */
    public static TopologyBuilder builder() {
        return new TopologyBuilder();
    }

    /** The run prefix shared by all namespace names, e.g. {@code gwit4242-1}. */
    public String run() {
        return run;
    }

    /** The run's work directory, where peers and the gateway keep their files. */
    public WorkDir workDir() {
        return workDir;
    }

    /** The gateway namespace: {@code lan0} 192.0.2.1 (a bridge), {@code wan0} 198.51.100.1. */
    public Netns gateway() {
        return gateway;
    }

    /** The ISP router namespace: 198.51.100.254 towards the gateway, 203.0.113.1 towards the internet. */
    public Netns isp() {
        return isp;
    }

    /** LAN client {@code index}, 1-based; its address is {@link Addresses#client(int)}. */
    public Netns client(int index) {
        if (index < 1 || index > clients.size()) {
            throw new NoSuchElementException("client " + index + " of " + clients.size());
        }
        return clients.get(index - 1);
    }

    /** All LAN clients, in index order. */
    public List<Netns> clients() {
        return clients;
    }

    /** The internet host named {@code name} when it was added to the builder. */
    public Netns internet(String name) {
        Netns host = internetHosts.get(name);
        if (host == null) {
            throw new NoSuchElementException("no internet host " + name + "; have " + internetHosts.keySet());
        }
        return host;
    }

    /** The IPv4 address of the internet host named {@code name}. */
    public String internetAddress(String name) {
        internet(name);
        return Addresses.internetHost(internetOctets.get(name));
    }

    /** The default internet host, {@code origin} at 203.0.113.80. */
    public Netns origin() {
        return internet(TopologyBuilder.ORIGIN);
    }

    /** Whether the IPv6 addresses and routes were set up too. */
    public boolean ipv6() {
        return ipv6;
    }

    /**
     * Removes the ISP router's route back to the LAN (192.0.2.0/24 via 198.51.100.1): replies to
     * LAN addresses then have no path, as with an upstream router that was never told of the LAN.
     */
    public void removeIspReturnRoute() {
        isp.ip("route", "del", Addresses.LAN_SUBNET, "via", Addresses.GATEWAY_WAN);
        if (ipv6) {
            isp.ip("-6", "route", "del", Addresses.LAN6_SUBNET, "via", Addresses.GATEWAY_WAN6);
        }
    }

    /** Puts back the route {@link #removeIspReturnRoute()} removed (idempotent). */
    public void restoreIspReturnRoute() {
        isp.ip("route", "replace", Addresses.LAN_SUBNET, "via", Addresses.GATEWAY_WAN);
        if (ipv6) {
            isp.ip("-6", "route", "replace", Addresses.LAN6_SUBNET, "via", Addresses.GATEWAY_WAN6);
        }
    }

    /** Every namespace of this topology. */
    public List<Netns> namespaces() {
        List<Netns> all = new ArrayList<>(clients);
        all.add(gateway);
        all.add(isp);
        all.addAll(internetHosts.values());
        return Collections.unmodifiableList(all);
    }

    /** Stops all daemons, deletes all namespaces, then the work directory unless it is kept. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (Netns netns : namespaces()) {
            try {
                netns.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        workDir.close();
        if (first != null) {
            throw first;
        }
    }
}
