package gateway.it.netns;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Tracks this JVM's open namespaces and closes them from a shutdown hook if the tests did not. */
final class NetnsRegistry {

    private static final Set<Netns> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(NetnsRegistry::closeAll, "gwit-netns-cleanup"));
    }

    private NetnsRegistry() {
    }

    static void register(Netns netns) {
        OPEN.add(netns);
    }

    static void unregister(Netns netns) {
        OPEN.remove(netns);
    }

    private static void closeAll() {
        for (Netns netns : List.copyOf(OPEN)) {
            try {
                netns.close();
            } catch (RuntimeException e) {
                System.err.println("gwit: cleanup of " + netns + " failed: " + e);
            }
        }
    }
}
