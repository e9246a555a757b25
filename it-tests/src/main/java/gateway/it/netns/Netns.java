package gateway.it.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * One named network namespace: run commands in it, wire its links, start daemons in it, delete it.
 *
 * <p>{@link #close()} stops the daemons started here (SIGTERM, then SIGKILL), kills any process
 * still inside, deletes the namespace and its {@code /etc/netns/NAME} files. Every namespace is
 * also closed by a JVM shutdown hook if a test forgot to.
 */
public final class Netns implements AutoCloseable {

    private static final Path ETC_NETNS = Path.of("/etc/netns");

    private final String name;
    private final List<NetnsDaemon> daemons = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private Netns(String name) {
        this.name = name;
    }

    /** Creates namespace {@code name} with its loopback up; first sweeps leftovers of crashed runs. */
    public static Netns create(String name) {
        StaleNamespaces.sweepOnce();
        ProcessRunner.run(List.of("ip", "netns", "add", name)).orThrow();
        Netns netns = new Netns(name);
        NetnsRegistry.register(netns);
        netns.ip("link", "set", "lo", "up");
        return netns;
    }

    /** The namespace's name as {@code ip netns} knows it. */
    public String name() {
        return name;
    }

    /** Runs {@code argv} inside the namespace with the default timeout; never throws on failure. */
    public CommandResult exec(String... argv) {
        return exec(ProcessRunner.DEFAULT_TIMEOUT, List.of(argv));
    }

    /** Runs {@code argv} inside the namespace, killing it after {@code timeout}; never throws on failure. */
    public CommandResult exec(Duration timeout, List<String> argv) {
        return ProcessRunner.run(inside(argv), null, timeout);
    }

    /** Runs {@code argv} inside the namespace and throws {@link CommandFailedException} unless it exits 0. */
    public CommandResult execOk(String... argv) {
        return exec(argv).orThrow();
    }

    /** Runs {@code ip -n NAME args...}, which must succeed. */
    public CommandResult ip(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "-n", name));
        argv.addAll(Arrays.asList(args));
        return ProcessRunner.run(argv).orThrow();
    }

    /** Sets a sysctl of this namespace, e.g. {@code sysctl("net.ipv4.ip_forward", "1")}. */
    public void sysctl(String key, String value) {
        execOk("sysctl", "-q", "-w", key + "=" + value);
    }

    /** Loads an nft ruleset (the text of an {@code nft -f} file) into this namespace only. */
    public void nft(String ruleset) {
        ProcessRunner.run(inside(List.of("nft", "-f", "-")), ruleset, ProcessRunner.DEFAULT_TIMEOUT).orThrow();
    }

    /**
     * Writes {@code /etc/netns/NAME/fileName}, which {@code ip netns exec} bind-mounts over
     * {@code /etc/fileName} for commands and daemons of this namespace (resolv.conf, hosts).
     */
    public Path etcFile(String fileName, String content) {
        Path file = ETC_NETNS.resolve(name).resolve(fileName);
        for (int attempt = 1; ; attempt++) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, content);
                return file;
            } catch (NoSuchFileException e) {
                // another run removed the then-empty /etc/netns between the two calls: once more
                if (attempt == 3) {
                    throw new UncheckedIOException(e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Starts a long-running foreground daemon in this namespace as {@code ip netns exec NAME argv...},
     * so the PID held is the daemon's own; its stdout and stderr go to {@code log}.
     */
    public NetnsDaemon startDaemon(String label, List<String> argv, Path log) {
        NetnsDaemon daemon = NetnsDaemon.start(label, inside(argv), log);
        daemons.add(daemon);
        return daemon;
    }

    /** The daemons started in this namespace so far, running or not. */
    public List<NetnsDaemon> daemons() {
        return List.copyOf(daemons);
    }

    /** The PIDs of all processes currently in this namespace. */
    public List<Long> pids() {
        CommandResult result = ProcessRunner.run(List.of("ip", "netns", "pids", name));
        return result.stdout().lines().map(String::trim).filter(s -> !s.isEmpty()).map(Long::valueOf).toList();
    }

    /** Stops this namespace's daemons, kills what is left inside, deletes it and its /etc/netns files. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (NetnsDaemon daemon : daemons) {
            daemon.stop(Duration.ofSeconds(5));
        }
        StaleNamespaces.remove(name);
        NetnsRegistry.unregister(this);
    }

    /** Deletes {@code /etc/netns/name} and everything below it, if present. */
    static void deleteEtcDir(String name) {
        Path dir = ETC_NETNS.resolve(name);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.deleteIfExists(ETC_NETNS); // leave the host's /etc as it was, unless others use it
        } catch (DirectoryNotEmptyException e) {
            // other namespaces' files: theirs to remove
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> inside(List<String> argv) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(argv);
        return full;
    }

    @Override
    public String toString() {
        return "netns " + name;
    }
}
