package gateway.it.junit;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.junit.RequirementDecision.Outcome;
import gateway.it.junit.RequirementDecision.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RequirementDecisionTest {

    private static final EnvironmentFacts NOT_ROOT = new EnvironmentFacts(false, 1000, null, List.of());
    private static final EnvironmentFacts NO_NETNS =
            new EnvironmentFacts(true, 0, "Operation not permitted", List.of());
    private static final EnvironmentFacts NO_NGINX = new EnvironmentFacts(true, 0, null, List.of("nginx"));

    @Test
    void readyMachineRunsWhateverTheVariable() {
        assertThat(RequirementDecision.decide(EnvironmentFacts.ready(), Map.of()).verdict()).isEqualTo(Verdict.RUN);
        assertThat(RequirementDecision.decide(EnvironmentFacts.ready(), required("1")).verdict())
                .isEqualTo(Verdict.RUN);
    }

    @Test
    void notRootIsSkippedWithTheReason() {
        Outcome outcome = RequirementDecision.decide(NOT_ROOT, Map.of());
        assertThat(outcome.verdict()).isEqualTo(Verdict.SKIP);
        assertThat(outcome.reason()).contains("need root", "uid 1000", "GATEWAY_IT_REQUIRED=1");
    }

    @Test
    void notRootFailsWhenRequired() {
        Outcome outcome = RequirementDecision.decide(NOT_ROOT, required("1"));
        assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(outcome.reason()).contains("need root", "GATEWAY_IT_REQUIRED=1 makes this a failure");
    }

    @Test
    void unusableNetnsIsNamed() {
        assertThat(RequirementDecision.decide(NO_NETNS, Map.of()))
                .satisfies(o -> assertThat(o.verdict()).isEqualTo(Verdict.SKIP))
                .satisfies(o -> assertThat(o.reason()).contains("'ip netns' is unavailable: Operation not permitted"));
        assertThat(RequirementDecision.decide(NO_NETNS, required("1")).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void missingBinaryIsNamed() {
        Outcome skip = RequirementDecision.decide(NO_NGINX, Map.of());
        assertThat(skip.verdict()).isEqualTo(Verdict.SKIP);
        assertThat(skip.reason()).contains("missing binaries: nginx");
        assertThat(RequirementDecision.decide(NO_NGINX, required("1")).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void everyProblemIsListedAtOnce() {
        EnvironmentFacts facts = new EnvironmentFacts(false, 1000, null, List.of("nginx", "curl"));
        assertThat(RequirementDecision.decide(facts, Map.of()).reason())
                .contains("need root").contains("missing binaries: nginx, curl");
    }

    @ParameterizedTest(name = "GATEWAY_IT_REQUIRED=\"{0}\" -> {1}")
    @CsvSource({"1, FAIL", "true, FAIL", "TRUE, FAIL", "' 1 ', FAIL",
        "0, SKIP", "false, SKIP", "'', SKIP", "yes, SKIP"})
    void onlyOneOrTrueMakesItRequired(String value, Verdict expected) {
        assertThat(RequirementDecision.decide(NOT_ROOT, required(value)).verdict()).isEqualTo(expected);
    }

    @Test
    void unsetVariableSkips() {
        assertThat(RequirementDecision.decide(NOT_ROOT, Map.of("OTHER", "1")).verdict()).isEqualTo(Verdict.SKIP);
    }

    private static Map<String, String> required(String value) {
        return Map.of(RequirementDecision.REQUIRED_VARIABLE, value);
    }
}
