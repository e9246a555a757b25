package gateway.it.topology;

import gateway.it.netns.Netns;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Waits until every interface set up in a namespace reports carrier, so that the first packets of
 * a test are not dropped while the kernel still reports the link as down (its link state updates
 * asynchronously, and a veth just set up was seen as DOWN for a moment).
 */
final class LinkReadiness {

    private static final Pattern NOT_READY = Pattern.compile("state (DOWN|LOWERLAYERDOWN)");
    private static final Pattern ADMIN_UP = Pattern.compile("<[^>]*\\bUP\\b[^>]*>");

    private LinkReadiness() {
    }

    /** Waits at most {@code timeout}; then fails naming the links still down. */
    static void await(List<Netns> namespaces, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        for (Netns netns : namespaces) {
            List<String> down = linksDown(netns);
            while (!down.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("links still down in " + netns.name() + " after " + timeout
                            + ":\n" + String.join("\n", down));
                }
                sleep();
                down = linksDown(netns);
            }
        }
    }

    private static List<String> linksDown(Netns netns) {
        return netns.ip("-o", "link", "show").stdout().lines()
                .filter(line -> ADMIN_UP.matcher(line).find() && NOT_READY.matcher(line).find())
                .toList();
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
