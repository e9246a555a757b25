package gateway.it.netns;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A long-running process started as {@code ip netns exec NS argv...}; since {@code ip} execs the
 * command, {@link #pid()} is the daemon's own PID. Its stdout and stderr are appended to a log file.
 *
 * <p>The daemon must stay in the foreground (nginx {@code daemon off}, unbound {@code -d},
 * dnsmasq {@code -k}, squid {@code -N}, dovecot {@code -F}...): a forking daemon would leave
 * this handle pointing at a parent that has already exited.
 */
public final class NetnsDaemon {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final int TAIL_LINES = 40;

    private final String label;
    private final List<String> command;
    private final Path log;
    private final Process process;

    private NetnsDaemon(String label, List<String> command, Path log, Process process) {
        this.label = label;
        this.command = List.copyOf(command);
        this.log = log;
        this.process = process;
    }

    static NetnsDaemon start(String label, List<String> command, Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = ProcessRunner.processBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            return new NetnsDaemon(label, command, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + label + ": " + String.join(" ", command), e);
        }
    }

    /** The daemon's PID (the same process that {@code ip netns exec} became). */
    public long pid() {
        return process.pid();
    }

    /** The name given at start, used in messages. */
    public String label() {
        return label;
    }

    /** The file receiving the daemon's stdout and stderr. */
    public Path log() {
        return log;
    }

    /** Whether the daemon is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code if the daemon has exited (128+N when killed by signal N), else empty. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /**
     * Waits until a line of the log matches {@code pattern} and returns it; throws
     * {@link DaemonFailedException} with the log tail if the daemon exits or {@code timeout} passes first.
     */
    public String awaitLog(Pattern pattern, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<String> line = logLines().stream().filter(l -> pattern.matcher(l).find()).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (!process.isAlive()) {
                throw new DaemonFailedException("exited before logging /" + pattern + "/", this);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new DaemonFailedException("no log line /" + pattern + "/ within " + timeout, this);
            }
            sleep(POLL);
        }
    }

    /** Waits at most {@code timeout} for the daemon to exit by itself and returns its exit code. */
    public OptionalInt awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.of(process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OptionalInt.empty();
    }

    /**
     * Sends SIGTERM, waits up to {@code grace}, then sends SIGKILL; returns the exit code
     * (143 for a process that died of SIGTERM without handling it, 137 after SIGKILL).
     */
    public int stop(Duration grace) {
        if (process.isAlive()) {
            process.destroy();
            if (awaitExit(grace).isEmpty()) {
                process.destroyForcibly();
                awaitExit(Duration.ofSeconds(10));
            }
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** All lines of the log so far (empty if the file does not exist yet). */
    public List<String> logLines() {
        try {
            if (!Files.exists(log)) {
                return List.of();
            }
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e + ")");
        }
    }

    /** The last {@code count} lines of the log, one string. */
    public String logTail(int count) {
        List<String> lines = logLines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** A multi-line description for failure messages: label, pid, command, state and the log tail. */
    public String describe() {
        return "daemon " + label + " (pid " + pid() + ")\n"
                + "command: " + String.join(" ", command) + "\n"
                + "state: " + (process.isAlive() ? "running" : "exited with " + process.exitValue()) + "\n"
                + "log " + log + " (last " + TAIL_LINES + " lines):\n" + logTail(TAIL_LINES);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "daemon " + label + " (pid " + pid() + ")";
    }
}
