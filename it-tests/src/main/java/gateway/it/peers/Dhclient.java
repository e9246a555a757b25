package gateway.it.peers;

import gateway.it.netns.CommandResult;
import gateway.it.netns.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * ISC dhclient in a client namespace, with its own hook script (never the stock one: it would
 * rewrite the host's /etc/resolv.conf), lease file, pid file and config in a {@link PeerDir}.
 * The script configures the address and default route inside the namespace and writes the DNS
 * servers to {@code resolv.conf} in the directory.
 */
public final class Dhclient {
    private final Netns netns;
    private final PeerDir dir;
    private final String iface;
    private final DhcpClientEvents events;

    private Dhclient(Netns netns, PeerDir dir, String iface) {
        this.netns = netns;
        this.dir = dir;
        this.iface = iface;
        this.events = new DhcpClientEvents(dir);
    }

    /** Prepares dhclient for {@code iface} in {@code netns}, sending {@code hostName} (option 12). */
    public static Dhclient in(Netns netns, PeerDir dir, String iface, String hostName) {
        String apply = "case $r in\n"
                + "  BOUND|RENEW|REBIND|REBOOT)\n"
                + "    ip -4 addr flush dev $interface\n"
                + "    ip addr add $new_ip_address/$new_subnet_mask dev $interface\n"
                + "    ip route replace default via ${new_routers%% *} dev $interface\n"
                + "    : > '" + dir.path("resolv.conf") + "'\n"
                + "    for s in $new_domain_name_servers; do echo nameserver $s >> '" + dir.path("resolv.conf") + "'; done\n"
                + "    [ -n \"$new_domain_name\" ] && echo search $new_domain_name >> '" + dir.path("resolv.conf") + "'\n"
                + "    ;;\n"
                + "  RELEASE|EXPIRE|STOP|FAIL)\n"
                + "    ip -4 addr flush dev $interface\n"
                + "    ;;\n"
                + "esac\n";
        try {
            Files.writeString(dir.path("dhclient-script"), DhcpClientEvents.script(dir, "$reason", apply));
            Files.setPosixFilePermissions(dir.path("dhclient-script"), PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dir.write("dhclient.conf", "send host-name \"" + hostName + "\";\n"
                + "request subnet-mask, broadcast-address, routers, domain-name, domain-name-servers, host-name;\n"
                + "timeout 20;\nretry 5;\n");
        return new Dhclient(netns, dir, iface);
    }

    private List<String> argv(String... mode) {
        List<String> a = new java.util.ArrayList<>(List.of("dhclient", "-4", "-v"));
        a.addAll(List.of(mode));
        a.addAll(List.of("-sf", dir.path("dhclient-script").toString(), "-lf", dir.path("dhclient.leases").toString(),
                "-pf", dir.path("dhclient.pid").toString(), "-cf", dir.path("dhclient.conf").toString(), iface));
        return a;
    }

    /**
     * Runs dhclient once ({@code -1}): it returns when bound (then stays in the background to renew)
     * or when it gave up. A second call with the lease file in place does INIT-REBOOT.
     */
    public CommandResult obtain(Duration timeout) {
        return netns.exec(timeout, argv("-1"));
    }

    /** Sends DHCPRELEASE and stops the background dhclient. */
    public CommandResult release() {
        return netns.exec(Duration.ofSeconds(20), argv("-r"));
    }

    /** Stops the background dhclient without releasing (the lease stays in its lease file). */
    public CommandResult stop() {
        return netns.exec(Duration.ofSeconds(20), argv("-x"));
    }

    public DhcpClientEvents events() {
        return events;
    }

    /** The resolv.conf the script wrote. */
    public String resolvConf() {
        try {
            return Files.readString(dir.path("resolv.conf"));
        } catch (IOException e) {
            return "";
        }
    }
}
