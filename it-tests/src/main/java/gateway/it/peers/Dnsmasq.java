package gateway.it.peers;

import gateway.it.netns.Netns;
import gateway.it.netns.NetnsDaemon;
import gateway.it.netns.PortProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * dnsmasq as a caching DNS forwarder only (no DHCP, no /etc/hosts, no resolv.conf), in the
 * foreground, with its pid and log in its {@link PeerDir}: the second classic peer for the DNS
 * benchmark.
 */
public final class Dnsmasq implements Peer {

    public static final String LOG = "dnsmasq.log";

    private final NetnsDaemon daemon;
    private final PeerDir dir;

    private Dnsmasq(NetnsDaemon daemon, PeerDir dir) {
        this.daemon = daemon;
        this.dir = dir;
    }

    @Override
    public NetnsDaemon daemon() {
        return daemon;
    }

    @Override
    public PeerDir dir() {
        return dir;
    }

    @Override
    public List<String> logFiles() {
        return List.of(LOG);
    }

    /**
     * Starts dnsmasq on {@code address:port} forwarding to {@code upstream} (port 53) with a cache
     * of {@code cacheSize} entries, and waits (10 s) until it listens.
     */
    public static Dnsmasq forwarder(Netns netns, PeerDir dir, String address, int port, String upstream,
                                    int cacheSize) {
        Path pid = dir.path("dnsmasq.pid");
        NetnsDaemon daemon = netns.startDaemon("dnsmasq@" + netns.name(), List.of(
                "dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--no-hosts", "--no-resolv",
                "--bind-interfaces", "--listen-address=" + address, "--port=" + port,
                "--server=" + upstream, "--cache-size=" + cacheSize, "--user=root", "--group=root",
                "--pid-file=" + pid, "--log-facility=" + dir.path(LOG), "--dns-forward-max=1000"),
                dir.path("stdout.log"));
        PortProbe.awaitListening(netns, true, address, port, Duration.ofSeconds(10), daemon);
        return new Dnsmasq(daemon, dir);
    }
}
