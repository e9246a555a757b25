package gateway.dns.policy;

import static gateway.dns.testutil.Dns.a;
import static gateway.dns.testutil.Dns.ip;
import static gateway.dns.testutil.Dns.name;
import static org.assertj.core.api.Assertions.assertThat;

import gateway.dns.config.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Record;

class RebindingFilterTest {

  private final RebindingFilter filter = new RebindingFilter(
      List.of(Cidr.parse("192.0.2.0/24")), List.of(name("corp.example")));

  @ParameterizedTest
  @CsvSource({
      "10.1.2.3, true", "172.16.0.1, true", "172.32.0.1, false", "192.168.1.1, true",
      "127.0.0.1, true", "169.254.9.9, true", "100.64.0.1, true", "0.0.0.0, true",
      "192.0.2.44, true", "203.0.113.5, false", "8.8.8.8, false",
      "::1, true", "fd00::1, true", "fe80::1, true", "2001:db8::1, false"})
  void privateRanges(String address, boolean isPrivate) { // RFC 1918, 6598, 4193, 4291
    assertThat(filter.isPrivate(ip(address))).isEqualTo(isPrivate);
  }

  @Test
  void publicNameLosesPrivateAddressesOnly() {
    Record good = a("evil.example", 60, "203.0.113.5");
    Record bad = a("evil.example", 60, "192.168.0.1");
    Record bad6 = new AAAARecord(name("evil.example"), DClass.IN, 60, ip("fd00::1"));
    assertThat(filter.filter(name("evil.example"), List.of(good, bad, bad6)))
        .containsExactly(good);
  }

  @Test
  void anIpv4MappedAaaaIntoAPrivateRangeIsDropped() { // ::ffff:a.b.c.d reaches the IPv4 host
    Record good = new AAAARecord(name("evil.example"), DClass.IN, 60, ip("2001:db8::5"));
    Record mapped = new AAAARecord(name("evil.example"), DClass.IN, 60,
        new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192,
            (byte) 168, 1, 1});
    assertThat(filter.filter(name("evil.example"), List.of(mapped, good)))
        .containsExactly(good);
  }

  @Test
  void allowedDomainKeepsPrivateAddresses() {
    List<Record> in = List.of(a("vpn.corp.example", 60, "10.0.0.1"));
    assertThat(filter.filter(name("vpn.corp.example"), in)).isSameAs(in);
  }
}
