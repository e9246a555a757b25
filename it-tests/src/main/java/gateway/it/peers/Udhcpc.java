package gateway.it.peers;

import gateway.it.netns.Netns;
import gateway.it.netns.NetnsDaemon;
import gateway.it.netns.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * busybox udhcpc in a client namespace, in the foreground as a daemon, with its own hook script
 * (never the stock one, which rewrites the host's /etc/resolv.conf). SIGUSR1 makes it renew,
 * SIGUSR2 release.
 */
public final class Udhcpc {
    private final NetnsDaemon daemon;
    private final DhcpClientEvents events;

    private Udhcpc(NetnsDaemon daemon, DhcpClientEvents events) {
        this.daemon = daemon;
        this.events = events;
    }

    /** Starts udhcpc on {@code iface}, sending {@code hostName}; it keeps running and renewing. */
    public static Udhcpc start(Netns netns, PeerDir dir, String iface, String hostName) {
        String apply = "case $r in\n"
                + "  bound|renew)\n"
                + "    ip -4 addr flush dev $interface\n"
                + "    ip addr add $ip/$mask dev $interface\n"
                + "    ip route replace default via ${router%% *} dev $interface\n"
                + "    ;;\n"
                + "  deconfig)\n"
                + "    ip -4 addr flush dev $interface\n"
                + "    ;;\n"
                + "esac\n";
        try {
            Files.writeString(dir.path("udhcpc-script"), DhcpClientEvents.script(dir, "$1", apply));
            Files.setPosixFilePermissions(dir.path("udhcpc-script"), PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NetnsDaemon d = netns.startDaemon("udhcpc@" + netns.name(), List.of("udhcpc", "-f", "-i", iface,
                "-s", dir.path("udhcpc-script").toString(), "-t", "10", "-T", "1", "-A", "1",
                "-x", "hostname:" + hostName), dir.path("udhcpc.log"));
        return new Udhcpc(d, new DhcpClientEvents(dir));
    }

    /** Asks for a renewal now (unicast REQUEST with ciaddr: the RENEWING state). */
    public void renew() {
        signal("USR1");
    }

    /** Releases the lease now (DHCPRELEASE), then stays idle. */
    public void release() {
        signal("USR2");
    }

    private void signal(String sig) {
        ProcessRunner.run(List.of("kill", "-" + sig, Long.toString(daemon.pid()))).orThrow();
    }

    public DhcpClientEvents events() {
        return events;
    }

    public int stop() {
        return daemon.stop(Duration.ofSeconds(5));
    }

    public NetnsDaemon daemon() {
        return daemon;
    }
}
