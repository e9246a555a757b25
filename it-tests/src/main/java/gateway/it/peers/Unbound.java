package gateway.it.peers;

import gateway.it.netns.Netns;
import gateway.it.netns.NetnsDaemon;
import gateway.it.netns.PortProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * unbound as the authoritative-style upstream for a test zone: it answers the zone from
 * {@code local-data} (NXDOMAIN with the SOA for unknown names), logs every query it receives,
 * and runs in the foreground without chroot or privilege drop, all files in its {@link PeerDir}.
 *
 * <pre>{@code
 * Unbound up = Unbound.in(net.internet("dns1"), PeerDir.create(net.workDir().dir("unbound")))
 *         .listen("203.0.113.53").zone("example.test", 60).record("www.example.test. 300 IN A 203.0.113.80")
 *         .maxUdpSize(512).start();
 * }</pre>
 * NOTES.md: unbound answers every {@code *.test} name NXDOMAIN unless {@code local-zone: "test." nodefault}.
 */
public final class Unbound implements Peer {

    /** The log file inside the peer directory (with {@code log-queries: yes}). */
    public static final String LOG = "unbound.log";

    private final NetnsDaemon daemon;
    private final PeerDir dir;

    private Unbound(NetnsDaemon daemon, PeerDir dir) {
        this.daemon = daemon;
        this.dir = dir;
    }

    /** Starts configuring an unbound for {@code netns} whose files go in {@code dir}. */
    public static Builder in(Netns netns, PeerDir dir) {
        return new Builder(netns, dir);
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
     * How many queries for {@code name} (absolute, e.g. {@code www.example.test.}) and {@code type}
     * unbound has logged so far (lines like {@code info: 198.51.100.1 www.example.test. A IN}).
     */
    public long queriesFor(String name, String type) {
        String needle = " " + name + " " + type + " IN";
        return logLines().stream().filter(l -> l.contains(needle)).count();
    }

    /** The query log so far. */
    public List<String> logLines() {
        try {
            Path log = dir.path(LOG);
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Collects the zone and its records, then writes the config and starts unbound. */
    public static final class Builder {
        private final Netns netns;
        private final PeerDir dir;
        private String address;
        private String zone;
        private long negativeTtl = 60;
        private int maxUdpSize = 1232;
        private int port = 53;
        private boolean logQueries = true;
        private String forwardTo;
        private final List<String> records = new ArrayList<>();
        private final List<String> wildcards = new ArrayList<>();
        private Path tlsPem;
        private Path tlsKey;

        private Builder(Netns netns, PeerDir dir) {
            this.netns = netns;
            this.dir = dir;
        }

        /** The IPv4 address to serve on, port 53. */
        public Builder listen(String ipv4) {
            this.address = ipv4;
            return this;
        }

        /** The port (default 53). */
        public Builder port(int p) {
            this.port = p;
            return this;
        }

        /** Also serves DNS over TLS on port 853 with this certificate chain and key (PEM). */
        public Builder tls(Path pem, Path key) {
            this.tlsPem = pem;
            this.tlsKey = key;
            return this;
        }

        /** Whether every query is logged (default true; off for load benchmarks). */
        public Builder logQueries(boolean on) {
            this.logQueries = on;
            return this;
        }

        /**
         * Makes this unbound a caching resolver that forwards everything to {@code upstream}
         * (port 53) instead of serving a zone: the classic peer to compare the gateway with.
         */
        public Builder forwardTo(String upstream) {
            this.forwardTo = upstream;
            return this;
        }

        /** Every name under {@code zone} answers {@code rr}'s data (a local-zone redirect). */
        public Builder wildcard(String zone, String rr) {
            wildcards.add(zone);
            records.add(rr);
            return this;
        }

        /** The zone, with its SOA's negative TTL (RFC 2308: min of SOA TTL and MINIMUM). */
        public Builder zone(String name, long negativeTtlSeconds) {
            this.zone = name;
            this.negativeTtl = negativeTtlSeconds;
            return this;
        }

        /** One record in zone-file syntax, e.g. {@code "www.example.test. 300 IN A 203.0.113.80"}. */
        public Builder record(String rr) {
            records.add(rr);
            return this;
        }

        /** Largest UDP answer; larger ones come back truncated (TC), as from a small-buffer server. */
        public Builder maxUdpSize(int bytes) {
            this.maxUdpSize = bytes;
            return this;
        }

        /** Writes the config, starts {@code unbound -d} and waits (10 s) for UDP and TCP port 53. */
        public Unbound start() {
            if (address == null || (zone == null && forwardTo == null)) {
                throw new IllegalStateException("unbound needs listen() and zone() or forwardTo()");
            }
            Path conf = dir.write("unbound.conf", config());
            NetnsDaemon daemon = netns.startDaemon("unbound@" + netns.name(),
                    List.of("unbound", "-d", "-c", conf.toString()), dir.path("stdout.log"));
            PortProbe.awaitListening(netns, true, address, port, Duration.ofSeconds(10), daemon);
            PortProbe.awaitListening(netns, false, address, port, Duration.ofSeconds(10), daemon);
            if (tlsPem != null) {
                PortProbe.awaitListening(netns, false, address, 853, Duration.ofSeconds(10), daemon);
            }
            return new Unbound(daemon, dir);
        }

        private String config() {
            Path root = dir.root();
            StringBuilder s = new StringBuilder("server:\n")
                    .append("  interface: ").append(address).append("\n")
                    .append("  port: ").append(port).append("\n")
                    .append(tlsPem == null ? "" : "  interface: " + address + "@853\n"
                            + "  tls-port: 853\n  tls-service-pem: \"" + tlsPem + "\"\n"
                            + "  tls-service-key: \"" + tlsKey + "\"\n")
                    .append("  do-ip6: no\n")
                    .append("  do-daemonize: no\n")
                    .append("  chroot: \"\"\n")
                    .append("  username: \"\"\n")
                    .append("  directory: \"").append(root).append("\"\n")
                    .append("  pidfile: \"").append(root.resolve("unbound.pid")).append("\"\n")
                    .append("  logfile: \"").append(root.resolve(LOG)).append("\"\n")
                    .append("  use-syslog: no\n")
                    .append("  log-queries: ").append(logQueries ? "yes" : "no").append("\n")
                    .append("  verbosity: 1\n")
                    .append("  access-control: 0.0.0.0/0 allow\n")
                    .append("  module-config: \"iterator\"\n")
                    .append("  max-udp-size: ").append(maxUdpSize).append("\n")
                    .append("  local-zone: \"test.\" nodefault\n");
            if (zone != null) {
                s.append("  local-zone: \"").append(zone).append(".\" static\n")
                    .append("  local-data: \"").append(zone).append(". ").append(negativeTtl)
                    .append(" IN SOA ns.").append(zone).append(". hostmaster.").append(zone)
                    .append(". 1 3600 600 86400 ").append(negativeTtl).append("\"\n");
            }
            for (String w : wildcards) {
                s.append("  local-zone: \"").append(w).append(".\" redirect\n");
            }
            for (String rr : records) {
                s.append("  local-data: \"").append(rr).append("\"\n");
            }
            if (forwardTo != null) {
                s.append("  do-not-query-localhost: no\n")
                    .append("forward-zone:\n  name: \".\"\n  forward-addr: ").append(forwardTo).append("\n");
            }
            return s.append("remote-control:\n  control-enable: no\n").toString();
        }
    }
}
