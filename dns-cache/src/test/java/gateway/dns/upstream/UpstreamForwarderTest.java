package gateway.dns.upstream;

import static gateway.dns.testutil.Dns.a;
import static gateway.dns.testutil.Dns.answer;
import static gateway.dns.testutil.Dns.name;
import static gateway.dns.testutil.Dns.none;
import static gateway.dns.testutil.Dns.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gateway.dns.metrics.DnsStats;
import gateway.dns.testutil.MutableClock;
import gateway.dns.testutil.ScriptedTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class UpstreamForwarderTest {

  private static final InetSocketAddress FIRST = new InetSocketAddress("192.0.2.1", 53);
  private static final InetSocketAddress SECOND = new InetSocketAddress("192.0.2.2", 53);

  private final ScriptedTransport udp = new ScriptedTransport();
  private final ScriptedTransport tcp = new ScriptedTransport();
  private final MutableClock clock = new MutableClock(0);
  private final UpstreamHealth health = new UpstreamHealth(clock, 2, Duration.ofSeconds(30));
  private final DnsStats stats = new DnsStats();

  private UpstreamForwarder forwarder() {
    return new UpstreamForwarder(List.of(FIRST, SECOND), udp, tcp, health,
        Duration.ofSeconds(1), new Random(7), () -> 0L, stats);
  }

  private Message resolve() {
    return forwarder().forward(name("www.example.com"), Type.A, DClass.IN).join();
  }

  private static Message good(Message q) {
    return answer(q, a("www.example.com", 60, "203.0.113.5"));
  }

  @Test
  void firstHealthyServerAnswers() {
    udp.answering(FIRST, UpstreamForwarderTest::good);
    assertThat(resolve().getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(udp.calls()).containsExactly(FIRST);
  }

  @Test
  void timeoutFailsOverToTheNextServer() {
    udp.failing(FIRST).answering(SECOND, UpstreamForwarderTest::good);
    assertThat(resolve().getSection(1)).hasSize(1);
    assertThat(udp.calls()).containsExactly(FIRST, SECOND);
    assertThat(stats.snapshot(0).upstreamFailures()).isEqualTo(1);
  }

  @Test
  void servfailAndRefusedCountAsFailures() {
    udp.answering(FIRST, q -> response(q, Rcode.SERVFAIL, none()))
        .answering(SECOND, q -> response(q, Rcode.REFUSED, none()));
    assertThatThrownBy(this::resolve).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(UpstreamException.class)
        .hasMessageContaining("SERVFAIL").hasMessageContaining("REFUSED");
  }

  @Test
  void extendedRcodeCountsAsAFailure() { // RFC 6891 6.1.3: BADVERS is not an answer
    udp.answering(FIRST, q -> {
      Message r = response(q, Rcode.NOERROR, none());
      r.addRecord(new org.xbill.DNS.OPTRecord(1232, Rcode.BADVERS >>> 4, 0),
          org.xbill.DNS.Section.ADDITIONAL);
      return r;
    }).answering(SECOND, UpstreamForwarderTest::good);
    assertThat(resolve().getSection(1)).hasSize(1);
    assertThat(udp.calls()).containsExactly(FIRST, SECOND);
  }

  @Test
  void nxdomainIsAnAnswerNotAFailure() {
    udp.answering(FIRST, q -> response(q, Rcode.NXDOMAIN, none()));
    assertThat(resolve().getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(udp.calls()).containsExactly(FIRST);
  }

  @Test
  void truncatedUdpAnswerIsRetriedOverTcpAtTheSameServer() { // RFC 7766 5
    udp.answering(FIRST, q -> {
      Message r = response(q, Rcode.NOERROR, none());
      r.getHeader().setFlag(Flags.TC);
      return r;
    });
    tcp.answering(FIRST, UpstreamForwarderTest::good);
    assertThat(resolve().getSection(1)).hasSize(1);
    assertThat(tcp.calls()).containsExactly(FIRST);
  }

  @Test
  void serverDownAfterRepeatedFailuresIsTriedLastUntilBackoffEnds() {
    udp.failing(FIRST).answering(SECOND, UpstreamForwarderTest::good);
    resolve();
    resolve(); // second consecutive failure: FIRST is now down
    udp.calls().clear();
    resolve();
    assertThat(udp.calls()).containsExactly(SECOND);
    clock.advance(Duration.ofSeconds(31));
    udp.calls().clear();
    resolve();
    assertThat(udp.calls()).containsExactly(FIRST, SECOND);
  }

  private static final InetSocketAddress THIRD = new InetSocketAddress("192.0.2.3", 53);

  private UpstreamForwarder racing() {
    return new UpstreamForwarder(List.of(FIRST, SECOND, THIRD), udp, tcp, health,
        Duration.ofSeconds(1), new Random(7), () -> 0L, stats, true);
  }

  @Test
  void racingTakesTheFirstGoodAnswerWithoutWaitingForTheSlowServer() {
    udp.on(FIRST, q -> new java.util.concurrent.CompletableFuture<>()) // never answers
        .answering(SECOND, UpstreamForwarderTest::good);
    java.util.concurrent.CompletableFuture<Message> f =
        racing().forward(name("www.example.com"), Type.A, DClass.IN);
    assertThat(f).isCompleted();
    assertThat(f.join().getSection(1)).hasSize(1);
    assertThat(udp.calls()).containsExactlyInAnyOrder(FIRST, SECOND);
  }

  @Test
  void whenBothRacersFailTheRestAreTriedInOrder() {
    udp.failing(FIRST).on(SECOND, q -> java.util.concurrent.CompletableFuture.completedFuture(
        response(q, Rcode.SERVFAIL, none()))).answering(THIRD, UpstreamForwarderTest::good);
    Message m = racing().forward(name("www.example.com"), Type.A, DClass.IN).join();
    assertThat(m.getSection(1)).hasSize(1);
    assertThat(udp.calls()).containsExactlyInAnyOrder(FIRST, SECOND, THIRD);
    assertThat(stats.snapshot(0).upstreamFailures()).isEqualTo(2);
  }

  @Test
  void questionsOverTheInFlightBoundFailAtOnce() {
    java.util.concurrent.CompletableFuture<Message> pending =
        new java.util.concurrent.CompletableFuture<>();
    udp.on(FIRST, q -> pending.thenApply(x -> good(q)));
    UpstreamForwarder f = forwarder();
    f.maxInFlight(2);
    var one = f.forward(name("a.example.com"), Type.A, DClass.IN);
    var two = f.forward(name("b.example.com"), Type.A, DClass.IN);
    var three = f.forward(name("c.example.com"), Type.A, DClass.IN);
    assertThat(three).isCompletedExceptionally();
    assertThat(udp.calls()).hasSize(2);
    pending.complete(null);
    assertThat(one.join().getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(two.join().getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(f.forward(name("d.example.com"), Type.A, DClass.IN).join().getRcode())
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void everyAttemptUsesAFreshIdAndAsksWithEdns() {
    Set<Integer> ids = new HashSet<>();
    udp.on(FIRST, q -> {
      ids.add(q.getHeader().getID());
      assertThat(q.getOPT()).isNotNull();
      assertThat(q.getOPT().getPayloadSize()).isEqualTo(1232);
      return java.util.concurrent.CompletableFuture.completedFuture(good(q));
    });
    UpstreamForwarder f = forwarder();
    for (int i = 0; i < 20; i++) {
      f.forward(name("www.example.com"), Type.A, DClass.IN).join();
    }
    assertThat(ids.size()).isGreaterThan(15);
  }
}
