package gateway.it.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a namespace test runs, is skipped, or fails, from the probed facts and the
 * environment: a missing prerequisite is a skip, unless {@value #REQUIRED_VARIABLE} is {@code 1}
 * (or {@code true}), as CI sets it, where the same reason is a failure.
 */
public final class RequirementDecision {

    /** The environment variable that turns a skip into a failure. */
    public static final String REQUIRED_VARIABLE = "GATEWAY_IT_REQUIRED";

    /** What to do with the test. */
    public enum Verdict { RUN, SKIP, FAIL }

    /**
     * The decision and its human-readable reason (empty for {@link Verdict#RUN}).
     *
     * @param verdict run, skip or fail
     * @param reason why, naming every missing prerequisite
     */
    public record Outcome(Verdict verdict, String reason) {
    }

    private RequirementDecision() {
    }

    /** Decides for {@code facts} under the environment variables {@code env}. */
    public static Outcome decide(EnvironmentFacts facts, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        if (!facts.root()) {
            problems.add("network-namespace tests need root (running as uid " + facts.uid() + ")");
        } else if (facts.netnsProblem() != null) {
            problems.add("'ip netns' is unavailable: " + facts.netnsProblem());
        }
        if (!facts.missingBinaries().isEmpty()) {
            problems.add("missing binaries: " + String.join(", ", facts.missingBinaries())
                    + " (install the Debian packages providing them)");
        }
        if (problems.isEmpty()) {
            return new Outcome(Verdict.RUN, "");
        }
        String reason = String.join("; ", problems);
        if (required(env)) {
            return new Outcome(Verdict.FAIL, REQUIRED_VARIABLE + "=" + env.get(REQUIRED_VARIABLE)
                    + " makes this a failure: " + reason);
        }
        return new Outcome(Verdict.SKIP, reason + " (set " + REQUIRED_VARIABLE + "=1 to fail instead of skip)");
    }

    /** Whether {@code env} asks for namespace tests to be mandatory. */
    static boolean required(Map<String, String> env) {
        String value = env.get(REQUIRED_VARIABLE);
        return value != null && (value.trim().equals("1") || value.trim().equalsIgnoreCase("true"));
    }
}
