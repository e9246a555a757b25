package gateway.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessRecordTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void ipv4LineHasEveryField() throws Exception {
        AccessRecord r = new AccessRecord(T, new InetSocketAddress(InetAddress.getByName("192.0.2.11"), 5000), "GET",
                "http://a.test/x", 200, CacheResult.HIT, 16, Duration.ofMillis(12));
        assertThat(r.toLogLine()).isEqualTo("2026-01-01T00:00:00Z 192.0.2.11:5000 GET http://a.test/x 200 HIT 16 12ms");
    }

    @Test
    void ipv6IsCompressedAndBracketed() throws Exception {
        AccessRecord r = new AccessRecord(T, new InetSocketAddress(InetAddress.getByName("2001:db8:0:1:0:0:0:11"), 5000),
                "GET", "http://[2001:db8::80]/", 200, CacheResult.MISS, 0, Duration.ZERO);
        assertThat(r.toLogLine()).contains(" [2001:db8:0:1::11]:5000 GET ");
    }

    @Test
    void urlCannotBreakTheLine() throws Exception {
        AccessRecord r = new AccessRecord(T, new InetSocketAddress(InetAddress.getByName("192.0.2.11"), 1), "GET",
                "http://a.test/x y\nz", 400, CacheResult.BYPASS, 0, Duration.ZERO);
        assertThat(r.toLogLine()).doesNotContain("\n").contains("x%20y%20z");
    }

    @Test
    void tabsDeleteAndOtherControlsAreEscapedAndAPlainUrlIsKeptAsItIs() throws Exception {
        InetSocketAddress client = new InetSocketAddress(InetAddress.getByName("192.0.2.11"), 1);
        AccessRecord odd = new AccessRecord(T, client, "GET", "http://a.test/a\tb\u007fc\u0085d\re", 400,
                CacheResult.BYPASS, 0, Duration.ZERO);
        assertThat(odd.toLogLine()).contains(" http://a.test/a%20b%20c%20d%20e 400 ");
        AccessRecord plain = new AccessRecord(T, client, "GET", "http://a.test/%C3%A9?q=1", 200, CacheResult.HIT, 0,
                Duration.ZERO);
        assertThat(plain.toLogLine()).contains(" http://a.test/%C3%A9?q=1 200 ");
    }
}
