package gateway.dhcp.server;

import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.config.SubnetConfig;
import java.io.IOException;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ICMP echo out of the LAN interface, through the JDK's {@code isReachable} (raw ICMP when the
 * process may open raw sockets, as the gateway does with CAP_NET_RAW; otherwise the JDK falls back
 * to TCP port 7, which still finds hosts that reset the connection). Blocking, so it runs on its
 * own small pool, never on an event loop.
 */
final class IcmpConflictProber implements ConflictProber, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IcmpConflictProber.class);
    private final Duration timeout;
    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "dhcp-conflict-probe");
        t.setDaemon(true);
        return t;
    });

    IcmpConflictProber(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<Boolean> probe(Ipv4 address, SubnetConfig subnet) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                NetworkInterface nif = NetworkInterface.getByName(subnet.interfaceName());
                return address.toInet().isReachable(nif, 0, (int) timeout.toMillis());
            } catch (IOException e) {
                log.debug("conflict probe of {} failed, treating it as free: {}", address, e.toString());
                return false;
            }
        }, pool).exceptionally(e -> false);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
