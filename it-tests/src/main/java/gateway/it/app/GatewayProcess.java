package gateway.it.app;

import gateway.it.clients.Curl;
import gateway.it.clients.HttpReply;
import gateway.it.netns.DaemonFailedException;
import gateway.it.netns.Netns;
import gateway.it.netns.NetnsDaemon;
import gateway.it.peers.PeerDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The gateway running inside the gateway namespace as {@code java -jar gateway.jar run --config FILE}:
 * wait for its start, read its listeners, query its admin endpoint from a namespace, stop it.
 *
 * <pre>{@code
 * GatewayProcess app = GatewayProcess.startJar(net.gateway(), GatewayJar.require(),
 *         GatewayConfig.standard(dir.path("data")), dir).awaitStarted(Duration.ofSeconds(60));
 * HttpReply health = app.admin(net.client(1), "/health");
 * int exit = app.stop(Duration.ofSeconds(20));
 * }</pre>
 */
public final class GatewayProcess {

    /** The line the gateway logs once every listener is up. */
    public static final Pattern STARTED = Pattern.compile("gateway started");
    /** The line the gateway logs when it has shut down. */
    public static final Pattern STOPPED = Pattern.compile("gateway stopped");

    private final NetnsDaemon daemon;
    private final GatewayConfig config;

    private GatewayProcess(NetnsDaemon daemon, GatewayConfig config) {
        this.daemon = daemon;
        this.config = config;
    }

    /** Starts the fat jar {@code jar} with the JVM running these tests and the service's own JVM flags. */
    public static GatewayProcess startJar(Netns netns, Path jar, GatewayConfig config, PeerDir dir) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> launcher = new ArrayList<>(List.of(java.toString()));
        launcher.addAll(ServiceJvmOptions.load());
        launcher.addAll(List.of("-jar", jar.toString()));
        return start(netns, launcher, config, dir);
    }

    /**
     * Starts {@code launcher} followed by {@code run --config DIR/gateway.yaml} in {@code netns},
     * logging to {@code DIR/gateway.log}; the launcher may be a stand-in that follows the same contract.
     */
    public static GatewayProcess start(Netns netns, List<String> launcher, GatewayConfig config, PeerDir dir) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path file = dir.write("gateway.yaml", config.toYaml());
        List<String> argv = new ArrayList<>(launcher);
        argv.addAll(List.of("run", "--config", file.toString()));
        return new GatewayProcess(netns.startDaemon("gateway@" + netns.name(), argv, dir.path("gateway.log")), config);
    }

    /** Waits for the "gateway started" line; fails with the log tail if the process exits or time runs out. */
    public GatewayProcess awaitStarted(Duration timeout) {
        daemon.awaitLog(STARTED, timeout);
        return this;
    }

    /** The listeners logged so far: service name to {@code ip:port}, in log order. */
    public Map<String, String> listeners() {
        Map<String, String> listeners = new LinkedHashMap<>();
        for (String line : daemon.logLines()) {
            ListenerLine.parse(line).ifPresent(l -> listeners.putIfAbsent(l.service(), l.address()));
        }
        return listeners;
    }

    /** The address of {@code service}'s listener; fails with the log tail if none was logged. */
    public String listener(String service) {
        return Optional.ofNullable(listeners().get(service)).orElseThrow(() ->
                new DaemonFailedException("logged no 'listening service=" + service + "' line", daemon));
    }

    /** GETs {@code path} (e.g. {@code /health}) from the admin endpoint, with curl run in {@code from}. */
    public HttpReply admin(Netns from, String path) {
        return Curl.get(from, "http://" + config.adminListen() + path, Duration.ofSeconds(10));
    }

    /** Sends SIGTERM and returns the exit code, sending SIGKILL (exit 137) if it outlives {@code grace}. */
    public int stop(Duration grace) {
        return daemon.stop(grace);
    }

    /** The underlying process, for its PID, log and diagnostics. */
    public NetnsDaemon daemon() {
        return daemon;
    }

    /** The config it was started with. */
    public GatewayConfig config() {
        return config;
    }
}
