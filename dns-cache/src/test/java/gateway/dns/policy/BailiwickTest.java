package gateway.dns.policy;

import static gateway.dns.testutil.Dns.a;
import static gateway.dns.testutil.Dns.cname;
import static gateway.dns.testutil.Dns.name;
import static gateway.dns.testutil.Dns.soa;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class BailiwickTest {

  private static Bailiwick.Scrubbed scrub(String qname, List<Record> answer,
      List<Record> authority) {
    return Bailiwick.scrub(name(qname), Type.A, DClass.IN, answer, authority, 0);
  }

  @Test
  void unrelatedAnswerRecordIsDropped() { // the classic poisoning attempt
    Bailiwick.Scrubbed s = scrub("www.example.com", List.of(
        a("www.example.com", 60, "203.0.113.5"),
        a("www.bank.example", 86400, "203.0.113.66")), List.of());
    assertThat(s.answer()).containsExactly(a("www.example.com", 60, "203.0.113.5"));
    assertThat(s.dropped()).isEqualTo(1);
  }

  @Test
  void cnameChainIsFollowedInAnyOrder() { // RFC 1034 3.6.2
    Record c1 = cname("www.example.com", 60, "cdn.example.net");
    Record c2 = cname("cdn.example.net", 60, "edge.example.org");
    Record target = a("edge.example.org", 60, "203.0.113.9");
    Bailiwick.Scrubbed s = scrub("www.example.com", List.of(target, c2, c1), List.of());
    assertThat(s.answer()).containsExactlyInAnyOrder(c1, c2, target);
  }

  @Test
  void recordOfAnotherTypeForTheNameIsDropped() {
    Record mx = new org.xbill.DNS.MXRecord(name("www.example.com"), DClass.IN, 60, 10,
        name("mail.example.com"));
    Bailiwick.Scrubbed s = scrub("www.example.com", List.of(mx), List.of());
    assertThat(s.answer()).isEmpty();
  }

  @Test
  void recordOfAnotherClassIsDropped() {
    Record chaos = new org.xbill.DNS.ARecord(name("www.example.com"), DClass.CH, 60,
        gateway.dns.testutil.Dns.ip("203.0.113.5"));
    assertThat(scrub("www.example.com", List.of(chaos), List.of()).answer()).isEmpty();
  }

  @Test
  void dnameSynthesisIsFollowed() { // RFC 6672 2
    Record dname = new DNAMERecord(name("example.com"), DClass.IN, 60, name("example.net"));
    Record synth = cname("www.example.com", 60, "www.example.net");
    Record target = a("www.example.net", 60, "203.0.113.10");
    Bailiwick.Scrubbed s = scrub("www.example.com", List.of(dname, synth, target), List.of());
    assertThat(s.answer()).containsExactly(dname, synth, target);
  }

  @Test
  void authorityKeepsOnlyAncestorSoaAndNs() { // RFC 2308 3
    Record good = soa("example.com", 300, 60);
    Record foreignSoa = soa("bank.example", 300, 60);
    Record foreignNs = new NSRecord(name("bank.example"), DClass.IN, 300, name("ns.evil.test"));
    Record strayA = a("ns.example.com", 300, "203.0.113.1");
    Bailiwick.Scrubbed s = scrub("nope.example.com", List.of(),
        List.of(good, foreignSoa, foreignNs, strayA));
    assertThat(s.authority()).containsExactly(good);
    assertThat(s.dropped()).isEqualTo(3);
  }

  @Test
  void authorityIsJudgedAgainstTheEndOfTheChain() {
    Record c = cname("www.example.com", 60, "gone.example.net");
    Record soaNet = soa("example.net", 300, 60);
    Bailiwick.Scrubbed s = scrub("www.example.com", List.of(c), List.of(soaNet));
    assertThat(s.authority()).containsExactly(soaNet);
  }

  @Test
  void additionalSectionIsAlwaysCountedAsDropped() {
    assertThat(Bailiwick.scrub(name("a.example"), Type.A, DClass.IN, List.of(), List.of(), 3)
        .dropped()).isEqualTo(3);
  }
}
