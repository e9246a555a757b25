package gateway.it.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListenerLineTest {

    @Test
    void parsesTheContractExample() {
        String line = "2026-11-27 07:00:00.123 [main] INFO  gateway.app.lifecycle.Lifecycle"
                + " - listening service=admin proto=tcp address=192.0.2.1:9180";
        assertThat(ListenerLine.parse(line)).contains(new ListenerLine("admin", "tcp", "192.0.2.1:9180"));
    }

    @Test
    void protoIsOptionalAndOrderFree() {
        assertThat(ListenerLine.parse("listening address=[2001:db8:0:1::1]:53 service=dns"))
                .contains(new ListenerLine("dns", "", "[2001:db8:0:1::1]:53"));
    }

    @Test
    void otherLinesAreIgnored() {
        assertThat(ListenerLine.parse("INFO gateway started")).isEmpty();
        assertThat(ListenerLine.parse("listening service=admin")).isEmpty();
        assertThat(ListenerLine.parse("stopped listening")).isEmpty();
        assertThat(ListenerLine.parse("relistening service=a address=b")).isEmpty();
    }
}
