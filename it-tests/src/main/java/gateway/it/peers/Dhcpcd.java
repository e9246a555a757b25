package gateway.it.peers;

import gateway.it.netns.CommandResult;
import gateway.it.netns.Netns;
import gateway.it.netns.NetnsDaemon;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian's dhcpcd 9 (package dhcpcd-base) in a client namespace, IPv4 only, one interface, in the
 * foreground. dhcpcd has no options for its state directories (lease, DUID and secret in
 * /var/lib/dhcpcd, pid file and control sockets in /run/dhcpcd, all compiled in), so every dhcpcd
 * command runs in a private mount namespace ({@code unshare -m}) in which the {@link PeerDir}'s
 * {@code db} is bound over /var/lib/dhcpcd and its {@code run} over /run: the host's directories
 * are never written. Its own hook script replaces dhcpcd-run-hooks (whose 20-resolv.conf hook
 * would rewrite /etc/resolv.conf) and writes the DNS servers to {@code resolv.conf} in the
 * directory; dhcpcd itself sets the address and routes inside the namespace.
 */
public final class Dhcpcd {
    private final Netns netns;
    private final PeerDir dir;
    private final String iface;
    private final NetnsDaemon daemon;
    private final DhcpClientEvents events;

    private Dhcpcd(Netns netns, PeerDir dir, String iface, NetnsDaemon daemon) {
        this.netns = netns;
        this.dir = dir;
        this.iface = iface;
        this.daemon = daemon;
        this.events = new DhcpClientEvents(dir);
    }

    /**
     * Starts dhcpcd on {@code iface}, sending {@code hostName}; it keeps running and renewing.
     * The config is Debian's stock one for IPv4 (DUID client id, rapid commit, option 121
     * requested, server identifier required) without IPv4 link-local fallback.
     */
    public static Dhcpcd start(Netns netns, PeerDir dir, String iface, String hostName) {
        return start(netns, dir, iface, hostName, "");
    }

    /** As {@link #start(Netns, PeerDir, String, String)}, asking for a lease of {@code seconds} (option 51). */
    public static Dhcpcd startAskingLease(Netns netns, PeerDir dir, String iface, String hostName, int seconds) {
        return start(netns, dir, iface, hostName, "leasetime " + seconds + "\n");
    }

    private static Dhcpcd start(Netns netns, PeerDir dir, String iface, String hostName, String extraConfig) {
        Path resolv = dir.path("resolv.conf");
        String apply = "case $r in\n"
                + "  BOUND|RENEW|REBIND|REBOOT)\n"
                + "    : > '" + resolv + "'\n"
                + "    for s in $new_domain_name_servers; do echo nameserver $s >> '" + resolv + "'; done\n"
                + "    [ -n \"$new_domain_name\" ] && echo search $new_domain_name >> '" + resolv + "'\n"
                + "    ;;\n"
                + "esac\n";
        try {
            Files.writeString(dir.path("dhcpcd-hook"), DhcpClientEvents.script(dir, "$reason", apply));
            Files.setPosixFilePermissions(dir.path("dhcpcd-hook"), PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dir.write("dhcpcd.conf", "duid\nvendorclassid\nnoipv4ll\n"
                + "option domain_name_servers, domain_name, domain_search\n"
                + "option classless_static_routes\noption interface_mtu\noption host_name\noption rapid_commit\n"
                + "require dhcp_server_identifier\n"
                + "hostname " + hostName + "\n" + extraConfig);
        dir.dir("db");
        dir.dir("run/dhcpcd");
        List<String> argv = sandboxed(dir, List.of("dhcpcd", "-4", "-B", "-d", "-t", "30",
                "-f", dir.path("dhcpcd.conf").toString(), "-c", dir.path("dhcpcd-hook").toString(), iface));
        NetnsDaemon d = netns.startDaemon("dhcpcd@" + netns.name(), argv, dir.path("dhcpcd.log"));
        return new Dhcpcd(netns, dir, iface, d);
    }

    /**
     * {@code argv} in a private mount namespace with the directory's state dirs bound over
     * dhcpcd's compiled-in ones. unshare and sh exec, so the PID is dhcpcd's own.
     */
    private static List<String> sandboxed(PeerDir dir, List<String> argv) {
        List<String> full = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--",
                "sh", "-c", "mount --bind \"$1\" /var/lib/dhcpcd && mount --bind \"$2\" /run && shift 2 && exec \"$@\"",
                "sh", dir.path("db").toString(), dir.path("run").toString()));
        full.addAll(argv);
        return full;
    }

    private CommandResult control(String flag) {
        return netns.exec(Duration.ofSeconds(20), sandboxed(dir, List.of("dhcpcd", "-4", flag, iface)));
    }

    /** {@code dhcpcd -N}: renew now (unicast REQUEST with ciaddr: the RENEWING state). */
    public CommandResult renew() {
        return control("-N");
    }

    /**
     * {@code dhcpcd -n}: re-read the config and rebind the interface; dhcpcd starts over from its
     * lease (INIT-REBOOT: a broadcast REQUEST with option 50 and no server identifier).
     */
    public CommandResult rebind() {
        return control("-n");
    }

    /** {@code dhcpcd -k}: send DHCPRELEASE, deconfigure the interface and exit. */
    public CommandResult release() {
        return control("-k");
    }

    /** The DUID dhcpcd generated (its {@code duid} file, "00:01:..." text), or "" before it has one. */
    public String duid() {
        try {
            Path f = dir.path("db/duid");
            return Files.exists(f) ? Files.readString(f).trim() : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether dhcpcd left a lease file for the interface. */
    public boolean hasLeaseFile() {
        return Files.exists(dir.path("db/" + iface + ".lease"));
    }

    /** The resolv.conf the hook wrote. */
    public String resolvConf() {
        try {
            return Files.readString(dir.path("resolv.conf"));
        } catch (IOException e) {
            return "";
        }
    }

    public DhcpClientEvents events() {
        return events;
    }

    public NetnsDaemon daemon() {
        return daemon;
    }

    /**
     * Stops dhcpcd (SIGTERM: it deconfigures the interface but keeps its lease file, as a machine
     * that is shut down) and removes its pid file and sockets should it have died without doing so.
     */
    public int stop() {
        int code = daemon.stop(Duration.ofSeconds(10));
        try (Stream<Path> left = Files.list(dir.path("run/dhcpcd"))) {
            for (Path p : left.toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return code;
    }
}
