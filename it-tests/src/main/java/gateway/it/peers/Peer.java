package gateway.it.peers;

import gateway.it.netns.NetnsDaemon;
import java.time.Duration;
import java.util.List;

/**
 * A running peer daemon (nginx, and later unbound, dnsmasq, postfix, dovecot, squid, kea) in a
 * namespace, with its files in its own {@link PeerDir}.
 *
 * <p>To add one: a final class with a small builder that writes the daemon's config into the
 * {@link PeerDir} (every pid/log/socket/spool path pointing there), starts it in the foreground
 * with {@link gateway.it.netns.Netns#startDaemon}, and waits with
 * {@link gateway.it.netns.PortProbe} until it listens. Closing the namespace stops it anyway.
 */
public interface Peer extends AutoCloseable {

    /** The running daemon process. */
    NetnsDaemon daemon();

    /** The peer's private directory. */
    PeerDir dir();

    /** The peer's own log files inside {@link #dir()} (besides stdout), for diagnostics. */
    default List<String> logFiles() {
        return List.of();
    }

    /** The daemon's state and the tails of its logs, for failure messages. */
    default String diagnostics() {
        StringBuilder out = new StringBuilder(daemon().describe()).append('\n');
        for (String log : logFiles()) {
            out.append("--- ").append(dir().path(log)).append(" ---\n").append(dir().tail(log, 30)).append('\n');
        }
        return out.toString();
    }

    /** Stops the daemon: SIGTERM, then SIGKILL after five seconds. */
    @Override
    default void close() {
        daemon().stop(Duration.ofSeconds(5));
    }
}
