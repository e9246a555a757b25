package gateway.it.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM flags the box runs the gateway with ({@code JAVA_OPTS} in packaging/gateway.default, which
 * the systemd unit reads), so the tests and benchmarks measure the jar as it is deployed.
 */
public final class ServiceJvmOptions {
    private ServiceJvmOptions() {
    }

    /**
     * The flags, split on whitespace, followed by {@code -Dgateway.it.jvm.extra} (split the same way)
     * for a diagnostic run (a GC log, a profiler); fails when the file or its JAVA_OPTS line is missing.
     */
    public static List<String> load() {
        List<String> flags = new ArrayList<>(service());
        String extra = System.getProperty("gateway.it.jvm.extra", "").trim();
        if (!extra.isEmpty()) {
            flags.addAll(Arrays.asList(extra.split("\\s+")));
        }
        return flags;
    }

    private static List<String> service() {
        Path file = Path.of(System.getProperty("user.dir")).resolveSibling("packaging").resolve("gateway.default");
        try {
            return Files.readAllLines(file).stream()
                    .filter(l -> l.startsWith("JAVA_OPTS="))
                    .findFirst()
                    .map(l -> Arrays.asList(l.substring("JAVA_OPTS=".length()).trim().split("\\s+")))
                    .orElseThrow(() -> new IllegalStateException("no JAVA_OPTS line in " + file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service's JVM flags from " + file, e);
        }
    }
}
