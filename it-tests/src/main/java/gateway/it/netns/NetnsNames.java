package gateway.it.netns;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names namespaces {@code gwit<pid>-<run>-<role>} so that every name tells which JVM owns it.
 *
 * <p>The owning pid is what lets a later run tell leftovers of a crashed run (pid gone) from the
 * namespaces of a JVM that is still running tests next to it (pid alive).
 */
public final class NetnsNames {

    /** The project prefix every namespace of these tests starts with. */
    public static final String PREFIX = "gwit";

    private static final Pattern OWNED = Pattern.compile("^" + PREFIX + "(\\d+)-.*");
    private static final Pattern ROLE = Pattern.compile("[a-z0-9]{1,12}");
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final String run;

    private NetnsNames(String run) {
        this.run = run;
    }

    /** A fresh run of this JVM: {@code gwit<pid>-<n>}, unique among the runs of this JVM. */
    public static NetnsNames newRun() {
        return new NetnsNames(PREFIX + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet());
    }

    /** The run prefix, e.g. {@code gwit4242-1}. */
    public String run() {
        return run;
    }

    /** The namespace name for {@code role} (lower-case letters and digits), e.g. {@code gwit4242-1-gw}. */
    public String name(String role) {
        if (!ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("role must be 1-12 lower-case letters or digits: " + role);
        }
        return run + "-" + role;
    }

    /** The pid of the JVM that created {@code namespace}, or empty if the name is not one of ours. */
    public static OptionalLong ownerPid(String namespace) {
        Matcher matcher = OWNED.matcher(namespace);
        if (!matcher.matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(matcher.group(1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
