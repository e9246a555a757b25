package gateway.it.junit;

import java.util.List;

/**
 * What the machine offers the namespace tests, as probed once; the input of {@link RequirementDecision}.
 *
 * @param root whether the JVM runs as uid 0
 * @param uid the JVM's uid, for the message
 * @param netnsProblem why {@code ip netns} cannot be used, or null when it works
 * @param missingBinaries required executables that were not found
 */
public record EnvironmentFacts(boolean root, long uid, String netnsProblem, List<String> missingBinaries) {

    public EnvironmentFacts {
        missingBinaries = List.copyOf(missingBinaries);
    }

    /** Facts of a machine where everything is in place. */
    public static EnvironmentFacts ready() {
        return new EnvironmentFacts(true, 0, null, List.of());
    }
}
