package gateway.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.app.config.ProxySection;
import org.junit.jupiter.api.Test;

class ProxyEventLoopsTest {
    @Test
    void autoLeavesOneCoreToTheKernelAndTheRestOfTheBox() {
        assertThat(ProxyService.eventLoops(ProxySection.AUTO, 1)).isEqualTo(1);
        assertThat(ProxyService.eventLoops(ProxySection.AUTO, 2)).isEqualTo(1);
        assertThat(ProxyService.eventLoops(ProxySection.AUTO, 4)).isEqualTo(3);
        assertThat(ProxyService.eventLoops(ProxySection.AUTO, 64)).isEqualTo(4);
    }

    @Test
    void aConfiguredNumberIsKept() {
        assertThat(ProxyService.eventLoops(2, 2)).isEqualTo(2);
        assertThat(ProxyService.eventLoops(8, 2)).isEqualTo(8);
    }
}
