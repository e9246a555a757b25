package gateway.dhcp.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A JVM running one of this module's test mains inside a namespace, its output collected by line. */
final class NetnsProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private NetnsProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // process gone
            }
        }, "netns-output");
        reader.setDaemon(true);
        reader.start();
    }

    static NetnsProcess java(String ns, Class<?> main, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, java, "-Xmx64m", "-cp", cp, main.getName()));
        cmd.addAll(List.of(args));
        return new NetnsProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    /** Waits for a line containing one of {@code prefixes}; returns it, or fails with all output. */
    String await(Duration timeout, String... prefixes) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (String l : lines) {
                    for (String p : prefixes) {
                        if (l.contains(p)) {
                            return l;
                        }
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && lines.isEmpty())) {
                    throw new AssertionError("no line containing " + List.of(prefixes) + " in:\n" + String.join("\n", lines));
                }
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
            }
        }
    }

    /** Waits for the process to exit by itself and returns its output. */
    List<String> finish(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not finish: " + output());
        }
        Thread.sleep(50); // let the reader drain the pipe's last lines (process exit is not a clock decision)
        return output();
    }

    List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
