package gateway.it.junit;

import gateway.it.netns.Binaries;
import gateway.it.netns.CommandResult;
import gateway.it.netns.NetnsNames;
import gateway.it.netns.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Probes the machine for root, a working {@code ip netns} and binaries; the netns check runs once per JVM. */
final class EnvironmentProbe {

    private static volatile String netnsProblem;
    private static volatile boolean netnsProbed;

    private EnvironmentProbe() {
    }

    /** The facts for a test needing {@code binaries} (plus {@code ip}). */
    static EnvironmentFacts probe(Iterable<String> binaries) {
        Set<String> needed = new LinkedHashSet<>(List.of("ip"));
        binaries.forEach(needed::add);
        long uid = uid();
        List<String> missing = Binaries.missing(needed);
        String problem = uid == 0 && !missing.contains("ip") ? netnsProblem() : null;
        return new EnvironmentFacts(uid == 0, uid, problem, missing);
    }

    /** Creates and deletes a throw-away namespace: proves the permission, not just that {@code ip} exists. */
    private static synchronized String netnsProblem() {
        if (!netnsProbed) {
            String name = NetnsNames.newRun().name("probe");
            CommandResult add = ProcessRunner.run(List.of("ip", "netns", "add", name));
            ProcessRunner.run(List.of("ip", "netns", "delete", name));
            netnsProblem = add.ok() ? null : (add.stderr().strip() + " (ip netns add exit " + add.exitCode() + ")");
            netnsProbed = true;
        }
        return netnsProblem;
    }

    private static long uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]); // effective uid
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: not Linux, or an unreadable /proc
        }
        return -1;
    }
}
