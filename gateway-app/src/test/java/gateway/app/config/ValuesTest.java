package gateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesTest {
  @ParameterizedTest
  @CsvSource({"250ms,250", "30s,30000", "5m,300000", "2h,7200000", "7d,604800000"})
  void durations(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
  }

  @Test
  void badDurationSaysHowToWriteOne() {
    assertThatThrownBy(() -> Durations.parse("10 minutes"))
        .hasMessage("'10 minutes' is not a duration (write e.g. 250ms, 30s, 5m, 2h, 7d)");
  }

  @ParameterizedTest
  @CsvSource({"512,512", "64k,65536", "10M,10485760", "2G,2147483648", "1MiB,1048576"})
  void byteSizes(String text, long bytes) {
    assertThat(ByteSizes.parse(text)).isEqualTo(bytes);
  }

  @Test
  void oversizedByteSizeIsRefused() {
    assertThatThrownBy(() -> ByteSizes.parse("99999999999999G")).hasMessageContaining("too large");
  }

  @Test
  void socketAddresses() {
    assertThat(IpAddresses.parseSocket("192.0.2.1:53").toString()).isEqualTo("/192.0.2.1:53");
    assertThat(IpAddresses.format(IpAddresses.parseSocket("[2001:db8::1]:53"))).isEqualTo("[2001:db8:0:0:0:0:0:1]:53");
    assertThat(IpAddresses.parseSocket(":53").getAddress().isAnyLocalAddress()).isTrue();
    assertThat(IpAddresses.format(IpAddresses.parseSocket(":53"))).isEqualTo(":53");
    assertThatThrownBy(() -> IpAddresses.parseSocket("[2001:db8::1]")).hasMessageContaining("not address:port");
  }

  @Test
  void cidrContainsAndBroadcast() {
    Cidr lan = Cidr.parse("192.0.2.0/24");
    assertThat(lan.contains(IpAddresses.parse("192.0.2.255"))).isTrue();
    assertThat(lan.contains(IpAddresses.parse("192.0.3.0"))).isFalse();
    assertThat(lan.contains(IpAddresses.parse("2001:db8::1"))).isFalse();
    assertThat(lan.lastAddress().getHostAddress()).isEqualTo("192.0.2.255");
    assertThat(Cidr.parse("198.51.100.0/28").lastAddress().getHostAddress()).isEqualTo("198.51.100.15");
    assertThat(Cidr.parse("0.0.0.0/0").contains(IpAddresses.parse("203.0.113.9"))).isTrue();
  }
}
