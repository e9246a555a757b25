package gateway.dns.local;

import static gateway.dns.testutil.Dns.ip;
import static gateway.dns.testutil.Dns.name;
import static org.assertj.core.api.Assertions.assertThat;

import gateway.dns.config.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostsAndZonesTest {

  @Test
  void hostsFileParsing() { // hosts(5)
    List<HostsFile.Entry> e = HostsFile.parse(List.of(
        "# comment", "127.0.0.1\tlocalhost", "192.0.2.10 nas nas.lan # the NAS",
        "fe80::1%eth0 scoped", "not-an-ip name", "192.0.2.11", "", "2001:db8::5 v6host"));
    assertThat(e).containsExactly(
        new HostsFile.Entry("localhost", ip("127.0.0.1")),
        new HostsFile.Entry("nas", ip("192.0.2.10")),
        new HostsFile.Entry("nas.lan", ip("192.0.2.10")),
        new HostsFile.Entry("v6host", ip("2001:db8::5")));
  }

  @Test
  void reverseZonesOnOctetBoundaries() { // RFC 1035 3.5
    assertThat(ReverseZones.of(Cidr.parse("192.0.2.0/24")))
        .containsExactly(name("2.0.192.in-addr.arpa"));
    assertThat(ReverseZones.of(Cidr.parse("10.0.0.0/8")))
        .containsExactly(name("10.in-addr.arpa"));
  }

  @Test
  void reverseZonesBetweenBoundariesSplit() {
    assertThat(ReverseZones.of(Cidr.parse("192.0.2.0/23")))
        .containsExactly(name("2.0.192.in-addr.arpa"), name("3.0.192.in-addr.arpa"));
  }

  @Test
  void ipv6ReverseZoneUsesNibbles() { // RFC 3596 2.5
    assertThat(ReverseZones.of(Cidr.parse("2001:db8::/32")))
        .containsExactly(name("8.b.d.0.1.0.0.2.ip6.arpa"));
  }

  @Test
  void widestSplitIsABitMoreThanAnOctet() {
    assertThat(ReverseZones.of(Cidr.parse("10.0.0.0/17"))).hasSize(128)
        .startsWith(name("0.0.10.in-addr.arpa")).endsWith(name("127.0.10.in-addr.arpa"));
  }

  @Test
  void replacingStaticEntriesKeepsLeasesAndUpdatesTheFastPathCheck() {
    HostTable t = new HostTable(gateway.dns.testutil.Dns.name("lan"));
    t.addStatic("nas.example.org", ip("203.0.113.7"));
    t.add("laptop", ip("192.0.2.50"));
    t.replaceStatic(List.of(java.util.Map.entry("printer.example.org", ip("203.0.113.8"))));
    assertThat(t.addresses(gateway.dns.testutil.Dns.name("nas.example.org"))).isEmpty();
    assertThat(t.addresses(gateway.dns.testutil.Dns.name("printer.example.org")))
        .containsExactly(ip("203.0.113.8"));
    assertThat(t.addresses(gateway.dns.testutil.Dns.name("laptop.lan")))
        .containsExactly(ip("192.0.2.50"));
    assertThat(t.contains(wire("printer.example.org"))).isTrue();
    assertThat(t.contains(wire("8.113.0.203.in-addr.arpa"))).isTrue();
    assertThat(t.contains(wire("nas.example.org"))).isFalse();
    assertThat(t.contains(wire("7.113.0.203.in-addr.arpa"))).isFalse();
    assertThat(t.contains(wire("LAPTOP.lan"))).isTrue();
    t.remove("laptop", ip("192.0.2.50"));
    assertThat(t.contains(wire("laptop.lan"))).isFalse();
  }

  private static gateway.dns.codec.WireName wire(String name) {
    return gateway.dns.codec.WireName.of(gateway.dns.testutil.Dns.name(name));
  }
}
