package gateway.it.netns;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a short command to completion with a timeout, capturing stdout and stderr. */
public final class ProcessRunner {

    /** Default bound for commands that should finish quickly (ip, nft, curl with its own timeout). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** The sbin directories, which a non-login PATH (cron, CI) may lack although root needs them. */
    private static final String SBIN = "/usr/local/sbin:/usr/sbin:/sbin";

    /** Readers block on pipes, so they get their own daemon threads rather than the common pool. */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "gwit-output-reader");
        thread.setDaemon(true);
        return thread;
    });

    private ProcessRunner() {
    }

    /** Runs {@code argv} with no input and the default timeout. */
    public static CommandResult run(List<String> argv) {
        return run(argv, null, DEFAULT_TIMEOUT);
    }

    /**
     * Runs {@code argv}, feeding it {@code stdin} (may be null), and waits at most {@code timeout};
     * a command still running then is killed and reported as timed out.
     */
    public static CommandResult run(List<String> argv, String stdin, Duration timeout) {
        ProcessBuilder builder = processBuilder(argv);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new CommandResult(argv, 127, "", "cannot start: " + e.getMessage(), false);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        writeInput(process, stdin);
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            process.destroyForcibly();
        }
        return new CommandResult(argv, finished ? process.exitValue() : -1, collect(out), collect(err), !finished);
    }

    /** A builder for {@code argv} whose PATH also contains the sbin directories. */
    static ProcessBuilder processBuilder(List<String> argv) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        Map<String, String> env = builder.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("PATH", path + ":" + SBIN);
        return builder;
    }

    private static void writeInput(Process process, String stdin) {
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the command exited without reading its input; its exit code tells the story
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, READERS);
    }

    private static String collect(CompletableFuture<String> output) {
        try {
            // a background child that inherited the pipe could keep it open: do not wait forever
            return output.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted while reading output)";
        } catch (ExecutionException | TimeoutException e) {
            return "(output unavailable: " + e + ")";
        }
    }
}
