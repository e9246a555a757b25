package gateway.it.netns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortProbeTest {

    @ParameterizedTest(name = "{0} vs {1}:{2} -> {3}")
    @CsvSource({
        "192.0.2.1:80, 192.0.2.1, 80, true",
        "192.0.2.1:8080, 192.0.2.1, 80, false",
        "192.0.2.2:80, 192.0.2.1, 80, false",
        "0.0.0.0:80, 192.0.2.1, 80, true",
        "*:80, 192.0.2.1, 80, true",
        "[::]:80, 203.0.113.80, 80, true",
        "[2001:db8:0:3::80]:80, 2001:db8:0:3::80, 80, true",
        "[fe80::1%eth0]:80, fe80::1, 80, true",
        "192.0.2.1:80, , 80, true",
    })
    void matchesSsLocalColumn(String local, String address, int port, boolean expected) {
        assertThat(PortProbe.matches(local, address, port)).isEqualTo(expected);
    }
}
