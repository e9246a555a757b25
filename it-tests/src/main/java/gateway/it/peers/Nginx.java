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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * nginx serving static files from its {@link PeerDir} in a namespace, in the foreground, with its
 * pid, logs and temp paths in that directory; the access log records each client's address.
 *
 * <pre>{@code
 * Nginx origin = Nginx.in(net.origin(), PeerDir.create(net.workDir().dir("origin")))
 *         .listen("203.0.113.80", 80).file("index.html", "hello\n").start();
 * }</pre>
 */
public final class Nginx implements Peer {

    /** The log files inside the peer directory. */
    public static final String ACCESS_LOG = "access.log";
    public static final String ERROR_LOG = "error.log";

    private final NetnsDaemon daemon;
    private final PeerDir dir;

    private Nginx(NetnsDaemon daemon, PeerDir dir) {
        this.daemon = daemon;
        this.dir = dir;
    }

    /** Starts configuring an nginx for {@code netns} whose files go in {@code dir}. */
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
        return List.of(ACCESS_LOG, ERROR_LOG);
    }

    /** The access log's lines so far ("combined" format: the client address comes first). */
    public List<String> accessLog() {
        try {
            Path log = dir.path(ACCESS_LOG);
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Collects listen addresses and files, then writes the config and starts nginx. */
    public static final class Builder {

        private final Netns netns;
        private final PeerDir dir;
        private final List<String[]> listens = new ArrayList<>();
        private final Map<String, String> files = new LinkedHashMap<>();

        private Builder(Netns netns, PeerDir dir) {
            this.netns = netns;
            this.dir = dir;
        }

        /** Adds a listener on {@code address} (IPv4 or IPv6, no brackets) and {@code port}. */
        public Builder listen(String address, int port) {
            listens.add(new String[] {address, Integer.toString(port)});
            return this;
        }

        /** Serves {@code content} at {@code /relativePath}. */
        public Builder file(String relativePath, String content) {
            files.put(relativePath, content);
            return this;
        }

        /** Writes the config, starts nginx and waits (at most 10 s) until every listener is bound. */
        public Nginx start() {
            if (listens.isEmpty()) {
                throw new IllegalStateException("nginx needs at least one listen address");
            }
            files.forEach((path, content) -> dir.write("html/" + path, content));
            dir.dir("html");
            Path config = dir.write("nginx.conf", config());
            NetnsDaemon daemon = netns.startDaemon("nginx@" + netns.name(), List.of(
                    "nginx", "-e", dir.path(ERROR_LOG).toString(), "-p", dir.root().toString(),
                    "-c", config.toString()), dir.path("stdout.log"));
            Nginx nginx = new Nginx(daemon, dir);
            for (String[] listen : listens) {
                PortProbe.awaitListening(netns, false, listen[0], Integer.parseInt(listen[1]),
                        Duration.ofSeconds(10), daemon);
            }
            return nginx;
        }

        private String config() {
            Path root = dir.root();
            StringBuilder listen = new StringBuilder();
            for (String[] l : listens) {
                String host = l[0].contains(":") ? "[" + l[0] + "]" : l[0];
                listen.append("    listen ").append(host).append(':').append(l[1]).append(";\n");
            }
            String tmp = dir.dir("tmp").toString();
            // root: the workers read the test's directory, whatever its permissions; this nginx
            // only ever listens inside a test namespace
            return "daemon off;\nmaster_process on;\nworker_processes 1;\nuser root;\n"
                    + "pid " + root.resolve("nginx.pid") + ";\n"
                    + "error_log " + root.resolve(ERROR_LOG) + " info;\n"
                    + "events { worker_connections 512; }\n"
                    + "http {\n"
                    + "  access_log " + root.resolve(ACCESS_LOG) + " combined;\n"
                    + "  client_body_temp_path " + tmp + "/body;\n"
                    + "  proxy_temp_path " + tmp + "/proxy;\n"
                    + "  fastcgi_temp_path " + tmp + "/fastcgi;\n"
                    + "  uwsgi_temp_path " + tmp + "/uwsgi;\n"
                    + "  scgi_temp_path " + tmp + "/scgi;\n"
                    + "  types { text/html html; text/plain txt; application/octet-stream bin; }\n"
                    + "  default_type application/octet-stream;\n"
                    + "  server {\n" + listen
                    + "    root " + root.resolve("html") + ";\n"
                    + "  }\n"
                    + "}\n";
        }
    }
}
