package gateway.proxy.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9110 section 7.6.3: Via received-by pseudonyms. */
class LoopPolicyTest {
    private final LoopPolicy policy = new LoopPolicy("gw1");

    @Test
    void ourPseudonymAnywhereInViaIsALoop() {
        assertThat(policy.seenBefore(List.of("1.0 fred, 1.1 GW1"))).isTrue();
        assertThat(policy.seenBefore(List.of("1.1 other", "1.1 gw1 (comment)"))).isTrue();
    }

    @Test
    void otherProxiesAreNotALoop() {
        assertThat(policy.seenBefore(List.of("1.1 gw10, 1.0 gw"))).isFalse();
        assertThat(policy.seenBefore(List.of())).isFalse();
        assertThat(policy.seenBefore(List.of("garbage"))).isFalse();
    }

    @Test
    void viaElementHasVersionAndPseudonym() {
        assertThat(policy.viaElement("1.1")).isEqualTo("1.1 gw1");
    }
}
