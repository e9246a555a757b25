package gateway.dns.local;

import static gateway.dns.testutil.Dns.ip;
import static gateway.dns.testutil.Dns.name;
import static org.assertj.core.api.Assertions.assertThat;

import gateway.dns.config.Cidr;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

class LocalZoneTest {

  private final HostTable table = new HostTable(name("lan"));
  private final LocalZone zone;

  LocalZoneTest() {
    List<Name> zones = new ArrayList<>(List.of(name("lan")));
    zones.addAll(ReverseZones.of(Cidr.parse("192.0.2.0/24")));
    zone = new LocalZone(zones, table, 60);
    table.addStatic("nas", ip("192.0.2.10"));
    table.addStatic("nas.example.org", ip("203.0.113.10"));
  }

  @Test
  void leaseNameAnswersAAndPtrLiveAsLeasesComeAndGo() {
    assertThat(table.add("Laptop", ip("192.0.2.50"))).isTrue();
    LocalZone.Answer a = zone.answer(name("laptop.lan"), Type.A).orElseThrow();
    assertThat(a.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.answer()).extracting(Record::rdataToString).containsExactly("192.0.2.50");
    LocalZone.Answer ptr = zone.answer(ReverseMap.fromAddress(ip("192.0.2.50")), Type.PTR)
        .orElseThrow();
    assertThat(ptr.answer()).extracting(Record::rdataToString).containsExactly("laptop.lan.");
    assertThat(table.remove("laptop", ip("192.0.2.50"))).isTrue();
    assertThat(zone.answer(name("laptop.lan"), Type.A).orElseThrow().rcode())
        .isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void invalidLeaseNamesAreRefused() {
    assertThat(table.add("evil.example.com", ip("192.0.2.66"))).isFalse();
    assertThat(table.add("-bad", ip("192.0.2.66"))).isFalse();
    assertThat(table.add("", ip("192.0.2.66"))).isFalse();
    assertThat(table.add("x".repeat(64), ip("192.0.2.66"))).isFalse();
    assertThat(table.add("printer.lan", ip("192.0.2.67"))).isTrue();
    assertThat(zone.answer(name("printer.lan"), Type.A)).isPresent();
  }

  @Test
  void removingALeaseKeepsTheStaticEntry() {
    table.add("nas", ip("192.0.2.10"));
    table.remove("nas", ip("192.0.2.10"));
    assertThat(zone.answer(name("nas.lan"), Type.A).orElseThrow().answer()).hasSize(1);
  }

  @Test
  void unknownNameUnderTheLanDomainIsNxdomainWithSoa() { // RFC 2308 3
    LocalZone.Answer a = zone.answer(name("ghost.lan"), Type.A).orElseThrow();
    assertThat(a.rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(a.authority()).singleElement().isInstanceOf(SOARecord.class);
  }

  @Test
  void unknownReverseNameInTheLanIsNxdomain() {
    LocalZone.Answer a = zone.answer(ReverseMap.fromAddress(ip("192.0.2.99")), Type.PTR)
        .orElseThrow();
    assertThat(a.rcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void knownNameOtherTypeIsNodata() {
    LocalZone.Answer a = zone.answer(name("nas.lan"), Type.MX).orElseThrow();
    assertThat(a.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.answer()).isEmpty();
    assertThat(a.authority()).hasSize(1);
  }

  @Test
  void zoneApexAnswersSoa() {
    assertThat(zone.answer(name("lan"), Type.SOA).orElseThrow().answer())
        .singleElement().isInstanceOf(SOARecord.class);
  }

  @Test
  void staticNameOutsideTheLanIsAnsweredAndOthersAreForwarded() {
    assertThat(zone.answer(name("nas.example.org"), Type.A).orElseThrow().answer())
        .hasSize(1);
    assertThat(zone.answer(name("www.example.org"), Type.A)).isEmpty();
    assertThat(zone.answer(ReverseMap.fromAddress(ip("203.0.113.99")), Type.PTR)).isEmpty();
  }

  @Test
  void caseDoesNotMatter() {
    assertThat(zone.answer(name("NAS.Lan"), Type.A).orElseThrow().answer()).hasSize(1);
  }
}
