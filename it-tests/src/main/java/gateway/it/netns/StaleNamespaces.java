package gateway.it.netns;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes namespaces of earlier runs whose owning JVM is dead, and knows how to remove one namespace
 * completely (processes inside, the namespace, its /etc/netns files).
 *
 * <p>Namespaces of a JVM that is still alive are never touched: other engineers run these tests
 * on the same machine at the same time. {@code src/test/sh/cleanup-netns.sh} does the same in shell.
 */
public final class StaleNamespaces {

    private static final Logger LOG = LoggerFactory.getLogger(StaleNamespaces.class);
    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    private StaleNamespaces() {
    }

    /** Sweeps leftovers of dead runs the first time it is called in this JVM. */
    public static void sweepOnce() {
        if (SWEPT.compareAndSet(false, true)) {
            List<String> removed = removeDeadRuns();
            if (!removed.isEmpty()) {
                LOG.info("removed namespaces left by crashed runs: {}", removed);
            }
        }
    }

    /** Removes every {@code gwit<pid>-...} namespace whose pid is not alive; returns their names. */
    public static List<String> removeDeadRuns() {
        List<String> removed = new ArrayList<>();
        for (String namespace : list()) {
            OptionalLong owner = NetnsNames.ownerPid(namespace);
            if (owner.isPresent() && ProcessHandle.of(owner.getAsLong()).isEmpty()) {
                remove(namespace);
                removed.add(namespace);
            }
        }
        return removed;
    }

    /** The names of all namespaces {@code ip netns list} shows. */
    public static List<String> list() {
        CommandResult result = ProcessRunner.run(List.of("ip", "netns", "list"));
        // lines look like "name" or "name (id: 3)"
        return result.stdout().lines().map(String::trim).filter(s -> !s.isEmpty())
                .map(line -> line.split("\\s+")[0]).toList();
    }

    /** Kills the processes inside {@code namespace} (by pid, SIGKILL), deletes it and its /etc/netns files. */
    static void remove(String namespace) {
        CommandResult pids = ProcessRunner.run(List.of("ip", "netns", "pids", namespace));
        for (String pid : pids.stdout().lines().map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
        CommandResult deleted = ProcessRunner.run(List.of("ip", "netns", "delete", namespace));
        if (!deleted.ok() && list().contains(namespace)) {
            LOG.warn("could not delete namespace {}\n{}", namespace, deleted.describe());
        }
        Netns.deleteEtcDir(namespace);
    }
}
