package gateway.dns.cache;

import static gateway.dns.testutil.Dns.a;
import static gateway.dns.testutil.Dns.name;
import static gateway.dns.testutil.Dns.none;
import static gateway.dns.testutil.Dns.query;
import static gateway.dns.testutil.Dns.response;
import static gateway.dns.testutil.Dns.soa;
import static org.assertj.core.api.Assertions.assertThat;

import gateway.dns.metrics.DnsStats;
import gateway.dns.policy.TtlPolicy;
import gateway.dns.testutil.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class DnsCacheTest {

  private final MutableClock clock = new MutableClock(1_000_000);
  private final DnsStats stats = new DnsStats();
  private final TtlPolicy policy = new TtlPolicy(0, 86400, 3600);
  private final Message q = query("www.example.com", Type.A);

  private CachedResponse entry(Message r) {
    return CachedResponse.of(r, policy.decide(r), policy, clock.millis());
  }

  private static long ttlOf(Message m, int section, int index) {
    return m.getSection(section).get(index).getTTL();
  }

  @Test
  void ttlsCountDownInWholeSecondsPerRecord() { // RFC 1035 3.2.1
    CachedResponse e = entry(response(q, Rcode.NOERROR, new Record[] {
        gateway.dns.testutil.Dns.cname("www.example.com", 300, "web.example.com"),
        a("web.example.com", 60, "203.0.113.5")}));
    clock.advance(Duration.ofMillis(59_999));
    Message out = new Message();
    e.fill(out, clock.millis(), -1);
    assertThat(ttlOf(out, Section.ANSWER, 0)).isEqualTo(241);
    assertThat(ttlOf(out, Section.ANSWER, 1)).isEqualTo(1);
    assertThat(e.isFresh(clock.millis())).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(e.isFresh(clock.millis())).isFalse();
    assertThat(e.remainingSeconds(clock.millis())).isZero();
  }

  @Test
  void ownerNameCaseIsKeptAndRdataSurvivesTheTtlPatch() {
    CachedResponse e = entry(gateway.dns.testutil.Dns.answer(q,
        a("WwW.ExAmple.com", 100, "203.0.113.77")));
    clock.advance(Duration.ofSeconds(40));
    Message out = new Message();
    e.fill(out, clock.millis(), -1);
    Record r = out.getSection(Section.ANSWER).get(0);
    assertThat(r.getName().toString()).isEqualTo("WwW.ExAmple.com.");
    assertThat(r.rdataToString()).isEqualTo("203.0.113.77");
    assertThat(r.getTTL()).isEqualTo(60);
  }

  @Test
  void renderedRecordsAreReusedOnlyWithinTheSameSecondAndMode() {
    CachedResponse e = entry(gateway.dns.testutil.Dns.answer(q, a("www.example.com", 100,
        "203.0.113.5")));
    long[] ttls = new long[5];
    long[] stale = {-1, -1, -1, 30, -1};
    long[] advanceMs = {0, 500, 500, 0, 0};
    for (int i = 0; i < ttls.length; i++) {
      clock.advance(Duration.ofMillis(advanceMs[i]));
      Message out = new Message();
      e.fill(out, clock.millis(), stale[i]);
      ttls[i] = ttlOf(out, Section.ANSWER, 0);
    }
    assertThat(ttls).containsExactly(100, 100, 99, 30, 99);
  }

  @Test
  void aNewEntryAnswersItsFirstSecondWithTheRecordsItCameWithUnlessClamped() {
    TtlPolicy clamping = new TtlPolicy(0, 200, 3600);
    Record kept = a("www.example.com", 100, "203.0.113.5");
    Record clamped = a("www.example.com", 900, "203.0.113.6");
    Message r = gateway.dns.testutil.Dns.answer(q, kept, clamped);
    CachedResponse e = CachedResponse.of(r, clamping.decide(r), clamping, clock.millis());
    Message first = new Message();
    e.fill(first, clock.millis() + 999, -1);
    assertThat(first.getSection(Section.ANSWER).get(0)).isSameAs(kept); // no re-parse
    Record fromWire = first.getSection(Section.ANSWER).get(1);
    assertThat(fromWire.getTTL()).isEqualTo(200);
    assertThat(fromWire.rdataToString()).isEqualTo("203.0.113.6");
    clock.advance(Duration.ofSeconds(1));
    Message later = new Message();
    e.fill(later, clock.millis(), -1);
    assertThat(ttlOf(later, Section.ANSWER, 0)).isEqualTo(99);
    assertThat(ttlOf(later, Section.ANSWER, 1)).isEqualTo(199);
    assertThat(later.getSection(Section.ANSWER).get(0).rdataToString())
        .isEqualTo("203.0.113.5");
  }

  @Test
  void clockGoingBackwardsNeverRaisesTtls() {
    CachedResponse e = entry(gateway.dns.testutil.Dns.answer(q, a("www.example.com", 100,
        "203.0.113.5")));
    clock.advance(Duration.ofSeconds(-30));
    Message out = new Message();
    e.fill(out, clock.millis(), -1);
    assertThat(ttlOf(out, Section.ANSWER, 0)).isEqualTo(100);
  }

  @Test
  void negativeEntryCountsDownTheSoa() { // RFC 2308 5
    CachedResponse e = entry(response(q, Rcode.NXDOMAIN, none(), soa("example.com", 900, 120)));
    assertThat(e.kind()).isEqualTo(TtlPolicy.Kind.NEGATIVE);
    clock.advance(Duration.ofSeconds(20));
    Message out = new Message();
    e.fill(out, clock.millis(), -1);
    assertThat(out.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(ttlOf(out, Section.AUTHORITY, 0)).isEqualTo(100);
  }

  @Test
  void staleFillUsesTheStaleTtl() { // RFC 8767 4
    CachedResponse e = entry(gateway.dns.testutil.Dns.answer(q, a("www.example.com", 10,
        "203.0.113.5")));
    clock.advance(Duration.ofSeconds(500));
    Message out = new Message();
    e.fill(out, clock.millis(), 30);
    assertThat(ttlOf(out, Section.ANSWER, 0)).isEqualTo(30);
  }

  @Test
  void keysIgnoreCaseAndEntriesLiveThroughTheStaleWindowThenGo() {
    DnsCache cache = new DnsCache(100, 60, clock, stats);
    cache.put(new CacheKey(name("WWW.example.COM"), Type.A, DClass.IN),
        entry(gateway.dns.testutil.Dns.answer(q, a("www.example.com", 10, "203.0.113.5"))));
    CacheKey lower = new CacheKey(name("www.example.com"), Type.A, DClass.IN);
    assertThat(cache.get(lower)).isPresent();
    assertThat(cache.get(new CacheKey(name("www.example.com"), Type.AAAA, DClass.IN))).isEmpty();
    clock.advance(Duration.ofSeconds(69));
    assertThat(cache.get(lower)).hasValueSatisfying(
        e -> assertThat(e.isFresh(clock.millis())).isFalse());
    clock.advance(Duration.ofSeconds(2));
    assertThat(cache.get(lower)).isEmpty();
  }

  @Test
  void sizeBoundEvictsAndCounts() {
    DnsCache cache = new DnsCache(10, 0, clock, stats);
    for (int i = 0; i < 50; i++) {
      Message qi = query("h" + i + ".example.com", Type.A);
      cache.put(new CacheKey(name("h" + i + ".example.com"), Type.A, DClass.IN),
          entry(gateway.dns.testutil.Dns.answer(qi, a("h" + i + ".example.com", 300,
              "203.0.113.5"))));
    }
    assertThat(cache.size()).isLessThanOrEqualTo(10);
    assertThat(stats.snapshot(0).cacheEvictions()).isGreaterThanOrEqualTo(40);
  }

  @Test
  void invalidateRemovesAllTypesOfOneName() {
    DnsCache cache = new DnsCache(100, 0, clock, stats);
    CachedResponse e = entry(gateway.dns.testutil.Dns.answer(q, a("www.example.com", 300,
        "203.0.113.5")));
    cache.put(new CacheKey(name("www.example.com"), Type.A, DClass.IN), e);
    cache.put(new CacheKey(name("www.example.com"), Type.AAAA, DClass.IN), e);
    cache.put(new CacheKey(name("other.example.com"), Type.A, DClass.IN), e);
    assertThat(cache.invalidate(name("WWW.example.com"))).isEqualTo(2);
    assertThat(cache.size()).isEqualTo(1);
    cache.invalidateAll();
    assertThat(cache.size()).isZero();
  }
}
