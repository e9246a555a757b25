package gateway.it.topology;

import static gateway.it.topology.Addresses.GATEWAY_LAN;
import static gateway.it.topology.Addresses.GATEWAY_LAN6;
import static gateway.it.topology.Addresses.GATEWAY_WAN;
import static gateway.it.topology.Addresses.GATEWAY_WAN6;
import static gateway.it.topology.Addresses.HOST_IF;
import static gateway.it.topology.Addresses.ISP_DOWN_IF;
import static gateway.it.topology.Addresses.ISP_INTERNET;
import static gateway.it.topology.Addresses.ISP_INTERNET6;
import static gateway.it.topology.Addresses.ISP_INTERNET_IF;
import static gateway.it.topology.Addresses.ISP_WAN;
import static gateway.it.topology.Addresses.ISP_WAN6;
import static gateway.it.topology.Addresses.LAN6_SUBNET;
import static gateway.it.topology.Addresses.LAN_IF;
import static gateway.it.topology.Addresses.LAN_SUBNET;
import static gateway.it.topology.Addresses.WAN_IF;

import gateway.it.netns.Netns;
import gateway.it.netns.NetnsNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the standard topology: creates the namespaces, veth pairs, bridges, addresses, routes and
 * forwarding sysctls, and tears down what it created if any step fails.
 *
 * <pre>{@code
 * try (Topology net = Topology.builder().clients(2).internetHost("smarthost", 25).build()) { ... }
 * }</pre>
 */
public final class TopologyBuilder {

    /** The name of the default internet host, always present. */
    public static final String ORIGIN = "origin";

    private int clients = 1;
    private boolean ipv6 = true;
    private final Map<String, Integer> hosts = new LinkedHashMap<>(Map.of(ORIGIN, Addresses.ORIGIN_OCTET));

    TopologyBuilder() {
    }

    /** The number of LAN clients (1 to 50), named c1..cN, at 192.0.2.11 upwards. */
    public TopologyBuilder clients(int count) {
        if (count < 1 || count > 50) {
            throw new IllegalArgumentException("clients must be 1..50: " + count);
        }
        this.clients = count;
        return this;
    }

    /** Adds an internet host {@code name} (lower-case letters/digits) at 203.0.113.{@code octet}. */
    public TopologyBuilder internetHost(String name, int octet) {
        if (octet < 2 || octet > 254 || hosts.containsValue(octet)) {
            throw new IllegalArgumentException("octet must be 2..254 and unused: " + octet);
        }
        if (hosts.putIfAbsent(name, octet) != null) {
            throw new IllegalArgumentException("internet host exists: " + name);
        }
        return this;
    }

    /** Whether to add IPv6 addresses and routes from 2001:db8::/32 as well (default true). */
    public TopologyBuilder ipv6(boolean enabled) {
        this.ipv6 = enabled;
        return this;
    }

    /** Creates everything; on failure removes what was created and rethrows. */
    public Topology build() {
        NetnsNames names = NetnsNames.newRun();
        List<Netns> created = new ArrayList<>();
        WorkDir workDir = WorkDir.create(names.run());
        try {
            Netns gateway = track(created, Netns.create(names.name("gw")));
            Netns isp = track(created, Netns.create(names.name("isp")));
            wireGatewayAndIsp(gateway, isp);
            List<Netns> lan = new ArrayList<>();
            for (int i = 1; i <= clients; i++) {
                Netns client = track(created, Netns.create(names.name("c" + i)));
                lan.add(wireClient(gateway, client, i));
            }
            Map<String, Netns> internet = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> host : hosts.entrySet()) {
                Netns netns = track(created, Netns.create(names.name(host.getKey())));
                internet.put(host.getKey(), wireInternetHost(isp, netns, host.getValue()));
            }
            LinkReadiness.await(created, Duration.ofSeconds(10));
            return new Topology(names.run(), workDir, gateway, isp, lan, internet, hosts, ipv6);
        } catch (RuntimeException e) {
            created.forEach(TopologyBuilder::closeQuietly);
            workDir.close();
            throw e;
        }
    }

    private void wireGatewayAndIsp(Netns gateway, Netns isp) {
        for (Netns router : List.of(gateway, isp)) {
            router.sysctl("net.ipv4.ip_forward", "1");
            router.sysctl("net.ipv6.conf.all.forwarding", "1");
            // a bridge port is then plain L2, as the NIC of a real one-box gateway
            router.exec("sysctl", "-q", "-w", "net.bridge.bridge-nf-call-iptables=0",
                    "net.bridge.bridge-nf-call-ip6tables=0");
        }
        gateway.ip("link", "add", WAN_IF, "type", "veth", "peer", "name", ISP_DOWN_IF, "netns", isp.name());
        address(gateway, WAN_IF, GATEWAY_WAN, "/24", GATEWAY_WAN6);
        address(isp, ISP_DOWN_IF, ISP_WAN, "/24", ISP_WAN6);
        bridge(gateway, LAN_IF, GATEWAY_LAN, GATEWAY_LAN6);
        bridge(isp, ISP_INTERNET_IF, ISP_INTERNET, ISP_INTERNET6);
        gateway.ip("route", "add", "default", "via", ISP_WAN);
        isp.ip("route", "add", LAN_SUBNET, "via", GATEWAY_WAN);
        if (ipv6) {
            gateway.ip("-6", "route", "add", "default", "via", ISP_WAN6);
            isp.ip("-6", "route", "add", LAN6_SUBNET, "via", GATEWAY_WAN6);
        }
    }

    private Netns wireClient(Netns gateway, Netns client, int index) {
        String port = LAN_IF + "c" + index;
        gateway.ip("link", "add", port, "type", "veth", "peer", "name", HOST_IF, "netns", client.name());
        gateway.ip("link", "set", port, "master", LAN_IF, "up");
        address(client, HOST_IF, Addresses.client(index), "/24", Addresses.client6(index));
        client.ip("route", "add", "default", "via", GATEWAY_LAN);
        if (ipv6) {
            client.ip("-6", "route", "add", "default", "via", GATEWAY_LAN6);
        }
        return client;
    }

    private Netns wireInternetHost(Netns isp, Netns host, int octet) {
        String port = "h" + octet;
        isp.ip("link", "add", port, "type", "veth", "peer", "name", HOST_IF, "netns", host.name());
        isp.ip("link", "set", port, "master", ISP_INTERNET_IF, "up");
        address(host, HOST_IF, Addresses.internetHost(octet), "/24", Addresses.internetHost6(octet));
        host.ip("route", "add", "default", "via", ISP_INTERNET);
        if (ipv6) {
            host.ip("-6", "route", "add", "default", "via", ISP_INTERNET6);
        }
        return host;
    }

    private void bridge(Netns netns, String name, String address, String address6) {
        netns.ip("link", "add", name, "type", "bridge", "stp_state", "0", "forward_delay", "0");
        address(netns, name, address, "/24", address6);
    }

    private void address(Netns netns, String dev, String address, String prefix, String address6) {
        netns.ip("addr", "add", address + prefix, "dev", dev);
        if (ipv6) {
            // nodad: the address is usable at once instead of after ~2 s of duplicate detection
            netns.ip("addr", "add", address6 + "/64", "dev", dev, "nodad");
        }
        netns.ip("link", "set", dev, "up");
    }

    private static Netns track(List<Netns> created, Netns netns) {
        created.add(netns);
        return netns;
    }

    private static void closeQuietly(Netns netns) {
        try {
            netns.close();
        } catch (RuntimeException e) {
            System.err.println("gwit: cleanup of " + netns + " failed: " + e);
        }
    }
}
