package gateway.dns.cache;

import static gateway.dns.testutil.Dns.a;
import static gateway.dns.testutil.Dns.answer;
import static gateway.dns.testutil.Dns.name;
import static gateway.dns.testutil.Dns.none;
import static gateway.dns.testutil.Dns.response;
import static gateway.dns.testutil.Dns.soa;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gateway.dns.config.Cidr;
import gateway.dns.metrics.DnsStats;
import gateway.dns.policy.RebindingFilter;
import gateway.dns.policy.TtlPolicy;
import gateway.dns.testutil.MutableClock;
import gateway.dns.testutil.ScriptedTransport;
import gateway.dns.upstream.UpstreamForwarder;
import gateway.dns.upstream.UpstreamHealth;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class CachingResolverTest {

  private static final InetSocketAddress UP = new InetSocketAddress("203.0.113.53", 53);

  private final MutableClock clock = new MutableClock(5_000_000);
  private final DnsStats stats = new DnsStats();
  private final ScriptedTransport udp = new ScriptedTransport();
  private final AtomicInteger upstreamQueries = new AtomicInteger();
  private final AtomicBoolean upstreamDown = new AtomicBoolean();

  private CachingResolver resolver(boolean serveStale) {
    return resolver(serveStale, false);
  }

  private CachingResolver resolver(boolean serveStale, boolean prefetch) {
    DnsCache cache = new DnsCache(1000, serveStale ? 3600 : 0, clock, stats);
    UpstreamForwarder fwd = new UpstreamForwarder(List.of(UP), udp, new ScriptedTransport(),
        new UpstreamHealth(clock, 100, Duration.ofSeconds(1)), Duration.ofSeconds(1),
        new Random(1), () -> 0L, stats);
    return new CachingResolver(cache, fwd, new TtlPolicy(0, 86400, 3600),
        new RebindingFilter(List.of(Cidr.parse("192.0.2.0/24")), List.of()), serveStale,
        prefetch, stats);
  }

  private void upstreamAnswers(java.util.function.Function<Message, Message> f) {
    udp.on(UP, q -> {
      upstreamQueries.incrementAndGet();
      if (upstreamDown.get()) {
        return CompletableFuture.failedFuture(
            new gateway.dns.upstream.UpstreamException("timeout"));
      }
      return CompletableFuture.completedFuture(f.apply(q));
    });
  }

  private static Message fill(CachingResolver.Resolution r, long now) {
    Message m = new Message();
    r.entry().fill(m, now, r.stale() ? 30 : -1);
    return m;
  }

  @Test
  void secondQueryIsAHitWithALowerTtl() {
    upstreamAnswers(q -> answer(q, a("www.example.com", 300, "203.0.113.5")));
    CachingResolver r = resolver(false);
    r.resolve(name("www.example.com"), Type.A, DClass.IN).join();
    clock.advance(Duration.ofSeconds(100));
    Message second = fill(r.resolve(name("WWW.EXAMPLE.com"), Type.A, DClass.IN).join(),
        clock.millis());
    assertThat(upstreamQueries).hasValue(1);
    assertThat(second.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(200);
    assertThat(stats.snapshot(0).cacheHits()).isEqualTo(1);
    assertThat(stats.snapshot(0).cacheMisses()).isEqualTo(1);
  }

  @Test
  void expiredEntryGoesUpstreamAgain() {
    upstreamAnswers(q -> answer(q, a("www.example.com", 10, "203.0.113.5")));
    CachingResolver r = resolver(false);
    r.resolve(name("www.example.com"), Type.A, DClass.IN).join();
    clock.advance(Duration.ofSeconds(10));
    r.resolve(name("www.example.com"), Type.A, DClass.IN).join();
    assertThat(upstreamQueries).hasValue(2);
  }

  @Test
  void nxdomainIsCachedForTheSoaMinimum() { // RFC 2308 5
    upstreamAnswers(q -> response(q, Rcode.NXDOMAIN, none(), soa("example.com", 900, 60)));
    CachingResolver r = resolver(false);
    r.resolve(name("nope.example.com"), Type.A, DClass.IN).join();
    clock.advance(Duration.ofSeconds(59));
    Message m = fill(r.resolve(name("nope.example.com"), Type.A, DClass.IN).join(),
        clock.millis());
    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(m.getSection(Section.AUTHORITY).get(0).getTTL()).isEqualTo(1);
    assertThat(upstreamQueries).hasValue(1);
    clock.advance(Duration.ofSeconds(1));
    r.resolve(name("nope.example.com"), Type.A, DClass.IN).join();
    assertThat(upstreamQueries).hasValue(2);
  }

  @Test
  void nodataIsCachedPerType() { // RFC 2308 2.2: NODATA is per name and type
    upstreamAnswers(q -> q.getQuestion().getType() == Type.AAAA
        ? response(q, Rcode.NOERROR, none(), soa("example.com", 900, 120))
        : answer(q, a("www.example.com", 300, "203.0.113.5")));
    CachingResolver r = resolver(false);
    r.resolve(name("www.example.com"), Type.AAAA, DClass.IN).join();
    r.resolve(name("www.example.com"), Type.AAAA, DClass.IN).join();
    assertThat(upstreamQueries).hasValue(1);
    Message m = fill(r.resolve(name("www.example.com"), Type.A, DClass.IN).join(),
        clock.millis());
    assertThat(m.getSection(Section.ANSWER)).hasSize(1);
    assertThat(upstreamQueries).hasValue(2);
  }

  @Test
  void identicalConcurrentMissesMakeOneUpstreamQuery() {
    CompletableFuture<Message> pending = new CompletableFuture<>();
    udp.on(UP, q -> {
      upstreamQueries.incrementAndGet();
      return pending.thenApply(x -> answer(q, a("www.example.com", 60, "203.0.113.5")));
    });
    CachingResolver r = resolver(false);
    var f1 = r.resolve(name("www.example.com"), Type.A, DClass.IN);
    var f2 = r.resolve(name("www.EXAMPLE.com"), Type.A, DClass.IN);
    var f3 = r.resolve(name("www.example.com"), Type.A, DClass.IN);
    assertThat(r.inFlight()).isEqualTo(1);
    pending.complete(null);
    assertThat(List.of(f1.join(), f2.join(), f3.join()))
        .allSatisfy(res -> assertThat(res.entry().rcode()).isEqualTo(Rcode.NOERROR));
    assertThat(upstreamQueries).hasValue(1);
  }

  @Test
  void staleEntryAnswersWhenEveryUpstreamFails() { // RFC 8767 4
    upstreamAnswers(q -> answer(q, a("www.example.com", 60, "203.0.113.5")));
    CachingResolver r = resolver(true);
    r.resolve(name("www.example.com"), Type.A, DClass.IN).join();
    clock.advance(Duration.ofSeconds(600));
    upstreamDown.set(true);
    CachingResolver.Resolution res = r.resolve(name("www.example.com"), Type.A, DClass.IN)
        .join();
    assertThat(res.stale()).isTrue();
    Message m = fill(res, clock.millis());
    assertThat(m.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(30);
    assertThat(upstreamQueries).hasValue(2); // it did try upstream first
    assertThat(stats.snapshot(0).staleServed()).isEqualTo(1);
  }

  @Test
  void refreshedAnswerReplacesTheStaleOne() {
    upstreamAnswers(q -> answer(q, a("www.example.com", 60, "203.0.113.5")));
    CachingResolver r = resolver(true);
    r.resolve(name("www.example.com"), Type.A, DClass.IN).join();
    clock.advance(Duration.ofSeconds(600));
    CachingResolver.Resolution res = r.resolve(name("www.example.com"), Type.A, DClass.IN)
        .join();
    assertThat(res.stale()).isFalse();
    assertThat(fill(res, clock.millis()).getSection(Section.ANSWER).get(0).getTTL())
        .isEqualTo(60);
  }

  @Test
  void withoutServeStaleAFailureFails() {
    upstreamAnswers(q -> answer(q, a("www.example.com", 60, "203.0.113.5")));
    CachingResolver r = resolver(false);
    r.resolve(name("www.example.com"), Type.A, DClass.IN).join();
    clock.advance(Duration.ofSeconds(600));
    upstreamDown.set(true);
    assertThatThrownBy(() -> r.resolve(name("www.example.com"), Type.A, DClass.IN).join())
        .isInstanceOf(CompletionException.class);
  }

  @Test
  void staleWindowEnds() {
    upstreamAnswers(q -> answer(q, a("www.example.com", 60, "203.0.113.5")));
    CachingResolver r = resolver(true);
    r.resolve(name("www.example.com"), Type.A, DClass.IN).join();
    clock.advance(Duration.ofSeconds(60 + 3600));
    upstreamDown.set(true);
    assertThatThrownBy(() -> r.resolve(name("www.example.com"), Type.A, DClass.IN).join())
        .isInstanceOf(CompletionException.class);
  }

  @Test
  void outOfBailiwickRecordsNeverReachTheCache() {
    upstreamAnswers(q -> answer(q, a("www.example.com", 60, "203.0.113.5"),
        a("www.bank.example", 86400, "203.0.113.66")));
    CachingResolver r = resolver(false);
    Message m = fill(r.resolve(name("www.example.com"), Type.A, DClass.IN).join(),
        clock.millis());
    assertThat(m.getSection(Section.ANSWER)).extracting(Record::getName)
        .containsExactly(name("www.example.com"));
    upstreamAnswers(q -> answer(q, a("www.bank.example", 60, "203.0.113.1")));
    Message bank = fill(r.resolve(name("www.bank.example"), Type.A, DClass.IN).join(),
        clock.millis());
    assertThat(bank.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("203.0.113.1");
  }

  @Test
  void popularEntryIsPrefetchedInTheLastTenthOfItsTtl() {
    upstreamAnswers(q -> answer(q, a("www.example.com", 100, "203.0.113.5")));
    CachingResolver r = resolver(false, true);
    r.resolve(name("www.example.com"), Type.A, DClass.IN).join();
    clock.advance(Duration.ofSeconds(89));
    r.resolve(name("www.example.com"), Type.A, DClass.IN).join();
    assertThat(upstreamQueries).as("11 s left: too early").hasValue(1);
    clock.advance(Duration.ofSeconds(2));
    Message hit = fill(r.resolve(name("www.example.com"), Type.A, DClass.IN).join(),
        clock.millis());
    assertThat(hit.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(9); // old entry
    assertThat(upstreamQueries).as("refreshed in the background").hasValue(2);
    assertThat(stats.snapshot(0).prefetches()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(20)); // the old entry would have expired by now
    Message later = fill(r.resolve(name("www.example.com"), Type.A, DClass.IN).join(),
        clock.millis());
    assertThat(later.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(80);
    assertThat(upstreamQueries).hasValue(2);
    assertThat(stats.snapshot(0).cacheMisses()).isEqualTo(1);
  }

  @Test
  void shortLivedEntriesAreNotPrefetched() {
    upstreamAnswers(q -> answer(q, a("www.example.com", 5, "203.0.113.5")));
    CachingResolver r = resolver(false, true);
    r.resolve(name("www.example.com"), Type.A, DClass.IN).join();
    clock.advance(Duration.ofSeconds(4));
    r.resolve(name("www.example.com"), Type.A, DClass.IN).join();
    assertThat(upstreamQueries).hasValue(1);
  }

  @Test
  void rebindingAttemptIsDropped() {
    upstreamAnswers(q -> answer(q, a("evil.example", 60, "192.168.1.1"),
        a("evil.example", 60, "192.0.2.10")));
    CachingResolver r = resolver(false);
    Message m = fill(r.resolve(name("evil.example"), Type.A, DClass.IN).join(), clock.millis());
    assertThat(m.getSection(Section.ANSWER)).isEmpty();
    assertThat(stats.snapshot(0).rebindingBlocked()).isEqualTo(1);
  }
}
