package gateway.it.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a DHCP client's hook script saw: each call writes its environment to {@code <reason>.env}
 * in the client's {@link PeerDir}, applies it, then appends its reason to {@code events}.
 */
public final class DhcpClientEvents {
    private final PeerDir dir;

    DhcpClientEvents(PeerDir dir) {
        this.dir = dir;
    }

    /** The script: records the call, then applies it with {@code apply} (shell lines). */
    static String script(PeerDir dir, String reasonVar, String apply) {
        return "#!/bin/sh\n"
                + "r=" + reasonVar + "\n"
                + "env | sort > '" + dir.path("") + "'/$r.env\n"
                + apply
                // last, so a waiting test sees the event only once the address and route are set
                + "echo $r >> '" + dir.path("events") + "'\n"
                + "exit 0\n";
    }

    /** Reasons in call order. */
    public List<String> events() {
        Path f = dir.path("events");
        try {
            return Files.exists(f) ? Files.readAllLines(f) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the script has been called with {@code reason} {@code count} times in all. */
    public Map<String, String> await(String reason, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events().stream().filter(reason::equals).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("DHCP client script was not called with " + reason + " x" + count
                        + "; calls so far: " + events());
            }
            try {
                Thread.sleep(100); // an external process writes the file; nothing to inject
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return env(reason);
    }

    /** The environment of the last call with {@code reason}. */
    public Map<String, String> env(String reason) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(dir.path(reason + ".env"))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    m.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
