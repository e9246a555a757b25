package gateway.it.peers;

import gateway.it.netns.Netns;
import gateway.it.netns.NetnsDaemon;
import gateway.it.netns.PortProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * Debian's squid as a memory-only caching proxy in {@code http_port PORT tproxy} mode, the
 * original setup's proxy, for benchmarks against proxy-core under the same netfilter rules.
 * Every path is in its {@link PeerDir}; {@code -n} gives it its own shared-memory names; it runs
 * in the foreground ({@code -N}) so the daemon's PID is squid's. Squid drops to the {@code proxy}
 * user, so its directory is made writable for that user.
 */
public final class SquidPeer implements Peer {
    private final NetnsDaemon daemon;
    private final PeerDir dir;

    private SquidPeer(NetnsDaemon daemon, PeerDir dir) {
        this.daemon = daemon;
        this.dir = dir;
    }

    /** Starts squid intercepting TPROXY-diverted connections on {@code port}, waits until it listens. */
    public static SquidPeer tproxy(Netns netns, PeerDir dir, int port, int cacheMemMb) {
        try {
            Files.setPosixFilePermissions(dir.root(), PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path root = dir.root();
        String config = "http_port " + port + " tproxy\n"
                + "http_port 127.0.0.1:" + (port + 1000) + "\n"
                + "http_access allow all\n"
                + "pid_filename " + root.resolve("squid.pid") + "\n"
                + "cache_log " + root.resolve("cache.log") + "\n"
                + "access_log none\n"
                + "cache_store_log none\n"
                + "coredump_dir " + root + "\n"
                + "cache_mem " + cacheMemMb + " MB\n"
                + "maximum_object_size_in_memory 2 MB\n"
                + "maximum_object_size 2 MB\n"
                + "memory_cache_shared off\n"
                + "workers 1\n"
                + "shutdown_lifetime 1 seconds\n"
                + "refresh_pattern . 0 20% 4320\n"
                + "dns_nameservers 127.0.0.1\n";
        Path file = dir.write("squid.conf", config);
        String name = "gw" + Long.toHexString(ProcessHandle.current().pid()) + port;
        NetnsDaemon daemon = netns.startDaemon("squid@" + netns.name(), List.of(
                "squid", "-N", "-n", name, "-f", file.toString()), dir.path("stdout.log"));
        PortProbe.awaitListening(netns, false, null, port, Duration.ofSeconds(20), daemon);
        return new SquidPeer(daemon, dir);
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
        return List.of("cache.log", "stdout.log");
    }
}
