package gateway.dhcp.lease;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.dhcp.codec.Ipv4;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LeaseRecordTest {
    @Test
    void crcIsWrittenAsFormatWroteItSoOldJournalsStillRead() {
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            long crc = random.nextLong() & 0xffffffffL;
            assertThat(LeaseRecord.hex8(crc)).isEqualTo(String.format("%08x", crc));
        }
        assertThat(LeaseRecord.hex8(0)).isEqualTo("00000000");
    }

    @Test
    void aLineRoundTrips() {
        Lease l = new Lease(Ipv4.parse("192.0.2.100"), ClientKey.ofMac("02:00:00:00:00:01"), "02:00:00:00:00:01",
                Optional.of("laptop"), Instant.ofEpochMilli(1_767_229_200_000L), LeaseState.BOUND);
        String line = new String(LeaseRecord.encode(l), StandardCharsets.US_ASCII);
        assertThat(line).endsWith("\n").contains(" BOUND 192.0.2.100 hw:02:00:00:00:00:01 02:00:00:00:00:01 1767229200000 laptop");
        assertThat(LeaseRecord.decode(line.substring(0, line.length() - 1))).contains(l);
    }
}
