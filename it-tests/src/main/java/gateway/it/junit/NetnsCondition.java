package gateway.it.junit;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Applies {@link RequiresNetns}: enables, disables with the reason, or throws it when namespaces are required. */
public final class NetnsCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        List<String> binaries = new ArrayList<>();
        collect(context.getTestClass(), binaries);
        collect(context.getElement(), binaries);
        RequirementDecision.Outcome outcome =
                RequirementDecision.decide(EnvironmentProbe.probe(binaries), System.getenv());
        return switch (outcome.verdict()) {
            case RUN -> ConditionEvaluationResult.enabled("root, ip netns and " + binaries + " available");
            case SKIP -> ConditionEvaluationResult.disabled(outcome.reason());
            case FAIL -> throw new IllegalStateException(outcome.reason());
        };
    }

    private static void collect(Optional<? extends AnnotatedElement> element, List<String> binaries) {
        element.flatMap(e -> AnnotationSupport.findAnnotation(e, RequiresNetns.class))
                .ifPresent(annotation -> Arrays.stream(annotation.binaries())
                        .filter(b -> !binaries.contains(b)).forEach(binaries::add));
    }
}
