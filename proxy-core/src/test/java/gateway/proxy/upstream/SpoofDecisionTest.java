package gateway.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.proxy.config.SpoofMode;
import org.junit.jupiter.api.Test;

class SpoofDecisionTest {

    @Test
    void explicitRequestsNeverSpoof() {
        assertThat(new SpoofDecision(SpoofMode.ALWAYS, true).spoof(false)).isFalse();
    }

    @Test
    void withoutTransparentSocketsNothingSpoofs() {
        assertThat(new SpoofDecision(SpoofMode.ALWAYS, false).spoof(true)).isFalse();
    }

    @Test
    void modesDecide() {
        assertThat(new SpoofDecision(SpoofMode.ALWAYS, true).spoof(true)).isTrue();
        assertThat(new SpoofDecision(SpoofMode.NEVER, true).spoof(true)).isFalse();
        assertThat(new SpoofDecision(SpoofMode.AUTO, true).spoof(true)).isTrue();
    }

    @Test
    void autoAbandonsOnceAndForGood() {
        SpoofDecision decision = new SpoofDecision(SpoofMode.AUTO, true);
        assertThat(decision.fallbackAllowed()).isTrue();
        assertThat(decision.abandon()).isTrue();
        assertThat(decision.abandon()).isFalse();
        assertThat(decision.spoof(true)).isFalse();
    }

    @Test
    void onlyAutoFallsBack() {
        assertThat(new SpoofDecision(SpoofMode.ALWAYS, true).fallbackAllowed()).isFalse();
    }

    @Test
    void diagnosisNamesCauseAndFixes() {
        String line = SpoofDecision.diagnosis("203.0.113.80:80", "192.0.2.10");
        assertThat(line).contains("192.0.2.10").contains("203.0.113.80:80").contains("route for the LAN subnet")
                .contains("spoof_client_address: never").doesNotContain("\n");
    }

    @Test
    void parseAcceptsConfigSpellings() {
        assertThat(SpoofMode.parse("Auto")).isEqualTo(SpoofMode.AUTO);
        assertThat(SpoofMode.parse("never")).isEqualTo(SpoofMode.NEVER);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SpoofMode.parse("sometimes"))
                .hasMessageContaining("auto, always or never");
    }
}
