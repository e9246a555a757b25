package gateway.it.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    @Test
    void standardConfigFollowsTheContract() {
        assertThat(GatewayConfig.standard(Path.of("/tmp/gw-data")).toYaml()).isEqualTo("""
                lan:
                  interface: lan0
                  address: 192.0.2.1
                  subnet: 192.0.2.0/24
                  domain: home.arpa
                admin:
                  listen: 192.0.2.1:9180
                data_dir: /tmp/gw-data
                """);
    }

    @Test
    void extraSectionsAreAppended() {
        String yaml = GatewayConfig.standard(Path.of("/d")).withExtra("dns:\n  listen: 192.0.2.1:53").toYaml();
        assertThat(yaml).endsWith("data_dir: /d\ndns:\n  listen: 192.0.2.1:53\n");
    }
}
