package gateway.it.netns;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Waits until a TCP or UDP port is bound inside a namespace, as {@code ss} there reports it. */
public final class PortProbe {

    private static final Duration POLL = Duration.ofMillis(100);

    private PortProbe() {
    }

    /**
     * Waits until {@code address:port} (or a wildcard address on that port) is listening in
     * {@code netns}; fails with the daemon's log tail if it exits or {@code timeout} passes first.
     *
     * @param udp whether to look at UDP sockets instead of TCP listeners
     * @param address an IPv4 or IPv6 address without brackets, or null for any
     */
    public static void awaitListening(Netns netns, boolean udp, String address, int port,
                                      Duration timeout, NetnsDaemon daemon) {
        Instant deadline = Instant.now().plus(timeout);
        while (!isListening(netns, udp, address, port)) {
            if (daemon != null && !daemon.isAlive()) {
                throw new DaemonFailedException("exited before listening on " + address + ":" + port, daemon);
            }
            if (Instant.now().isAfter(deadline)) {
                String what = "nothing listening on " + address + ":" + port + " after " + timeout;
                if (daemon != null) {
                    throw new DaemonFailedException(what, daemon);
                }
                throw new IllegalStateException(what + " in " + netns);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** Whether {@code address:port} (or a wildcard on that port) is bound in {@code netns} right now. */
    public static boolean isListening(Netns netns, boolean udp, String address, int port) {
        CommandResult ss = netns.exec("ss", "-H", "-n", "-l", udp ? "-u" : "-t");
        for (String line : ss.stdout().lines().toList()) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && matches(columns[3], address, port)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an {@code ss} local column such as {@code 192.0.2.1:80} or {@code [::]:80} matches. */
    static boolean matches(String local, String address, int port) {
        int colon = local.lastIndexOf(':');
        if (colon < 0 || !local.substring(colon + 1).equals(Integer.toString(port))) {
            return false;
        }
        String host = local.substring(0, colon).replace("[", "").replace("]", "");
        int zone = host.indexOf('%');
        host = zone >= 0 ? host.substring(0, zone) : host;
        return address == null || host.equals(address) || List.of("*", "0.0.0.0", "::").contains(host);
    }
}
