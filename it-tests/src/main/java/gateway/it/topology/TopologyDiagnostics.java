package gateway.it.topology;

import gateway.it.netns.CommandResult;
import gateway.it.netns.Netns;
import gateway.it.netns.NetnsDaemon;
import java.util.List;

/** Describes a topology's state for a failure report: addresses, routes and each daemon's log tail. */
public final class TopologyDiagnostics {

    private TopologyDiagnostics() {
    }

    /** A multi-line report of every namespace of {@code topology}. */
    public static String describe(Topology topology) {
        StringBuilder out = new StringBuilder("=== topology " + topology.run()
                + " (work dir " + topology.workDir().root() + ") ===\n");
        for (Netns netns : topology.namespaces()) {
            out.append("--- ").append(netns.name()).append(" ---\n");
            append(out, netns.exec("ip", "-br", "addr"));
            append(out, netns.exec("ip", "route"));
            if (topology.ipv6()) {
                append(out, netns.exec("ip", "-6", "route"));
            }
            for (NetnsDaemon daemon : netns.daemons()) {
                out.append(daemon.describe()).append('\n');
            }
        }
        return out.toString();
    }

    private static void append(StringBuilder out, CommandResult result) {
        List<String> command = result.command();
        out.append("$ ").append(String.join(" ", command.subList(Math.min(4, command.size()), command.size())))
                .append('\n').append(result.ok() ? result.stdout() : result.describe());
    }
}
