package gateway.dns.server;

import static gateway.dns.testutil.Dns.a;
import static gateway.dns.testutil.Dns.answer;
import static gateway.dns.testutil.Dns.ip;
import static gateway.dns.testutil.Dns.none;
import static gateway.dns.testutil.Dns.query;
import static gateway.dns.testutil.Dns.response;
import static gateway.dns.testutil.Dns.soa;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gateway.dns.config.DnsConfig;
import gateway.dns.testutil.DnsClient;
import gateway.dns.testutil.FakeUpstream;
import gateway.dns.testutil.MutableClock;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.HINFORecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Real sockets on loopback, port 0, against in-process fake upstreams. */
class DnsServerTest {

  private final MutableClock clock = new MutableClock(1_700_000_000_000L);
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private FakeUpstream upstream(java.util.function.BiFunction<Message, String, Message> f)
      throws IOException {
    FakeUpstream u = new FakeUpstream(f);
    closeables.add(u);
    return u;
  }

  private DnsServer server(Predicate<InetAddress> access, FakeUpstream... ups) {
    List<InetSocketAddress> addrs = new ArrayList<>();
    for (FakeUpstream u : ups) {
      addrs.add(u.address());
    }
    DnsConfig c = DnsConfig.defaults()
        .withListen(List.of(new InetSocketAddress("127.0.0.1", 0)))
        .withUpstreams(addrs)
        .withUpstreamTimeout(Duration.ofMillis(1500))
        .withLocal("lan", List.of("192.0.2.0/24"))
        .withHosts(Map.of("nas", List.of("192.0.2.10")), List.of());
    DnsServer.Builder b = DnsServer.builder().config(c).clock(clock);
    if (access != null) {
      b.accessPredicate(access);
    }
    DnsServer s = b.build();
    s.start();
    closeables.add(s);
    return s;
  }

  private DnsServer server(FakeUpstream... ups) {
    return server(null, ups);
  }

  private static InetSocketAddress addr(DnsServer s) {
    return s.boundAddresses().get(0);
  }

  private static Message www(Message q, String how) {
    return answer(q, a(q.getQuestion().getName().toString(), 300, "203.0.113.5"));
  }

  @Test
  void resolvesCachesAndCountsTheTtlDown() throws Exception {
    FakeUpstream up = upstream(DnsServerTest::www);
    DnsServer s = server(up);
    Message first = DnsClient.udp(addr(s), query("www.example.com", Type.A));
    assertThat(first.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(first.getHeader().getFlag(Flags.RA)).isTrue();
    assertThat(first.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(300);
    clock.advance(Duration.ofSeconds(120));
    Message second = DnsClient.udp(addr(s), query("WWW.example.com", Type.A));
    assertThat(second.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(180);
    assertThat(up.udpQueries()).isEqualTo(1);
    assertThat(s.stats().cacheHits()).isEqualTo(1);
    assertThat(s.stats().cacheMisses()).isEqualTo(1);
  }

  @Test
  void nxdomainIsCached() throws Exception {
    FakeUpstream up = upstream((q, how) ->
        response(q, Rcode.NXDOMAIN, none(), soa("example.com", 3600, 300)));
    DnsServer s = server(up);
    assertThat(DnsClient.udp(addr(s), query("nope.example.com", Type.A)).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
    Message again = DnsClient.udp(addr(s), query("nope.example.com", Type.A));
    assertThat(again.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(again.getSection(Section.AUTHORITY)).hasSize(1);
    assertThat(up.udpQueries()).isEqualTo(1);
  }

  @Test
  void silentFirstUpstreamTimesOutAndTheSecondAnswers() throws Exception {
    FakeUpstream silent = upstream((q, how) -> null);
    FakeUpstream good = upstream(DnsServerTest::www);
    DnsServer s = server(silent, good);
    Message m = DnsClient.udp(addr(s), query("www.example.com", Type.A));
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(silent.udpQueries()).isEqualTo(1);
    assertThat(good.udpQueries()).isEqualTo(1);
    assertThat(s.stats().upstreamFailures()).isEqualTo(1);
  }

  @Test
  void servfailFromFirstUpstreamFailsOver() throws Exception {
    FakeUpstream broken = upstream((q, how) -> response(q, Rcode.SERVFAIL, none()));
    FakeUpstream good = upstream(DnsServerTest::www);
    DnsServer s = server(broken, good);
    assertThat(DnsClient.udp(addr(s), query("www.example.com", Type.A)).getRcode())
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void allUpstreamsDownGivesServfail() throws Exception {
    DnsServer s = server(upstream((q, how) -> null), upstream((q, how) -> null));
    assertThat(DnsClient.udp(addr(s), query("www.example.com", Type.A)).getRcode())
        .isEqualTo(Rcode.SERVFAIL);
    assertThat(s.stats().servfail()).isEqualTo(1);
  }

  @Test
  void truncatedUpstreamAnswerIsFetchedAgainOverTcp() throws Exception {
    FakeUpstream up = upstream((q, how) -> {
      if (how.equals("udp")) {
        Message tc = response(q, Rcode.NOERROR, none());
        tc.getHeader().setFlag(Flags.TC);
        return tc;
      }
      return www(q, how);
    });
    DnsServer s = server(up);
    Message m = DnsClient.udp(addr(s), query("www.example.com", Type.A));
    assertThat(m.getSection(Section.ANSWER)).hasSize(1);
    assertThat(up.tcpQueries()).isEqualTo(1);
  }

  private static Message big(Message q, String how) {
    Record[] rs = new Record[60];
    for (int i = 0; i < rs.length; i++) {
      rs[i] = a("big.example.com", 300, "203.0.113." + (i + 1));
    }
    return answer(q, rs);
  }

  @Test
  void largeAnswerIsTruncatedToTheClientsSizeAndWholeOverTcp() throws Exception { // RFC 6891
    DnsServer s = server(upstream(DnsServerTest::big));
    Message plain = DnsClient.udp(addr(s), query("big.example.com", Type.A));
    assertThat(plain.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(plain.numBytes()).isLessThanOrEqualTo(512);

    Message edns = query("big.example.com", Type.A);
    edns.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    Message withEdns = DnsClient.udp(addr(s), edns);
    assertThat(withEdns.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(withEdns.getSection(Section.ANSWER)).hasSize(60);
    assertThat(withEdns.getOPT().getPayloadSize()).isEqualTo(1232);

    Message small = query("big.example.com", Type.A);
    small.addRecord(new OPTRecord(600, 0, 0), Section.ADDITIONAL);
    Message smallAnswer = DnsClient.udp(addr(s), small);
    assertThat(smallAnswer.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(smallAnswer.getOPT()).isNotNull();

    Message overTcp = DnsClient.tcp(addr(s), query("big.example.com", Type.A));
    assertThat(overTcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(overTcp.getSection(Section.ANSWER)).hasSize(60);
    assertThat(s.stats().truncated()).isEqualTo(2);
  }

  @Test
  void clientsOutsideTheLanAreRefused() throws Exception {
    FakeUpstream up = upstream(DnsServerTest::www);
    DnsServer s = server(a -> false, up);
    assertThat(DnsClient.udp(addr(s), query("www.example.com", Type.A)).getRcode())
        .isEqualTo(Rcode.REFUSED);
    assertThat(DnsClient.tcp(addr(s), query("www.example.com", Type.A)).getRcode())
        .isEqualTo(Rcode.REFUSED);
    assertThat(up.udpQueries()).isZero();
  }

  @Test
  void anyGetsTheMinimalRfc8482Answer() throws Exception {
    FakeUpstream up = upstream(DnsServerTest::www);
    DnsServer s = server(up);
    Message m = DnsClient.udp(addr(s), query("www.example.com", Type.ANY));
    assertThat(m.getSection(Section.ANSWER)).singleElement()
        .isInstanceOfSatisfying(HINFORecord.class, h -> assertThat(h.getCPU()).isEqualTo("RFC8482"));
    assertThat(up.udpQueries()).isZero();
  }

  @Test
  void lanNamesAreAuthoritativeAndNeverForwarded() throws Exception {
    FakeUpstream up = upstream(DnsServerTest::www);
    DnsServer s = server(up);
    s.localNames().add("laptop", ip("192.0.2.50"));
    Message m = DnsClient.udp(addr(s), query("laptop.lan", Type.A));
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(((ARecord) m.getSection(Section.ANSWER).get(0)).getAddress())
        .isEqualTo(ip("192.0.2.50"));
    Message ptr = DnsClient.udp(addr(s),
        org.xbill.DNS.Message.newQuery(Record.newRecord(ReverseMap.fromAddress("192.0.2.50"),
            Type.PTR, org.xbill.DNS.DClass.IN)));
    assertThat(ptr.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("laptop.lan.");
    assertThat(DnsClient.udp(addr(s), query("nas.lan", Type.A)).getSection(Section.ANSWER))
        .hasSize(1);
    assertThat(DnsClient.udp(addr(s), query("ghost.lan", Type.A)).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
    s.localNames().remove("laptop", ip("192.0.2.50"));
    assertThat(DnsClient.udp(addr(s), query("laptop.lan", Type.A)).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
    assertThat(up.udpQueries()).isZero();
  }

  @Test
  void staleAnswerWhenEveryUpstreamFails() throws Exception { // RFC 8767
    boolean[] down = {false};
    FakeUpstream up = upstream((q, how) -> down[0] ? null
        : answer(q, a("www.example.com", 60, "203.0.113.5")));
    DnsServer s = server(up);
    DnsClient.udp(addr(s), query("www.example.com", Type.A));
    clock.advance(Duration.ofMinutes(10));
    down[0] = true;
    Message m = DnsClient.udp(addr(s), query("www.example.com", Type.A));
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(30);
    assertThat(s.stats().staleServed()).isEqualTo(1);
  }

  @Test
  void changedHostsFileIsServedAfterTheNextLook(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Path hosts = dir.resolve("hosts");
    java.nio.file.Files.writeString(hosts, "203.0.113.7 nas.example.org\n");
    FakeUpstream up = upstream((q, how) -> answer(q, a(q.getQuestion().getName().toString(),
        60, "203.0.113.99")));
    DnsServer s = DnsServer.builder().clock(clock).config(DnsConfig.defaults()
        .withListen(List.of(new InetSocketAddress("127.0.0.1", 0)))
        .withUpstreams(List.of(up.address()))
        .withHosts(Map.of(), List.of(hosts))).build();
    s.start();
    closeables.add(s);
    assertThat(DnsClient.udp(addr(s), query("nas.example.org", Type.A))
        .getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("203.0.113.7");
    // the new name was cached from the upstream before the file named it
    assertThat(DnsClient.udp(addr(s), query("printer.example.org", Type.A))
        .getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("203.0.113.99");

    java.nio.file.Files.writeString(hosts, "203.0.113.8 printer.example.org\n# nas is gone\n");
    java.nio.file.Files.setLastModifiedTime(hosts,
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    s.reloadHostsIfChanged();

    Message printer = DnsClient.udp(addr(s), query("printer.example.org", Type.A));
    assertThat(printer.getHeader().getFlag(org.xbill.DNS.Flags.AA)).isTrue();
    assertThat(printer.getSection(Section.ANSWER).get(0).rdataToString())
        .isEqualTo("203.0.113.8");
    assertThat(DnsClient.udp(addr(s), query("nas.example.org", Type.A))
        .getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("203.0.113.99");

    java.nio.file.Files.writeString(hosts, "203.0.113.9 " + "x".repeat(64) + ".example.org\n");
    java.nio.file.Files.setLastModifiedTime(hosts,
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10_000));
    s.reloadHostsIfChanged(); // a label over 63 bytes: the previous entries stay
    assertThat(DnsClient.udp(addr(s), query("printer.example.org", Type.A))
        .getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("203.0.113.8");
  }

  @Test
  void spoofedAnswersAreIgnored() throws Exception { // RFC 5452 9.1
    FakeUpstream up = upstream(DnsServerTest::www);
    try (DatagramSocket attacker = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      up.beforeAnswer((q, client) -> {
        try {
          byte[] poison = answer(q, a("www.example.com", 86400, "203.0.113.66")).toWire();
          attacker.send(new DatagramPacket(poison, poison.length, client)); // wrong port
          Message wrongId = answer(q, a("www.example.com", 86400, "203.0.113.67"));
          wrongId.getHeader().setID((q.getHeader().getID() + 1) & 0xffff);
          up.sendRaw(wrongId.toWire(), client);
          Message other = answer(query("www.bank.example", Type.A),
              a("www.bank.example", 86400, "203.0.113.68"));
          other.getHeader().setID(q.getHeader().getID());
          up.sendRaw(other.toWire(), client); // right ID, wrong question
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      DnsServer s = server(up);
      Message m = DnsClient.udp(addr(s), query("www.example.com", Type.A));
      assertThat(m.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("203.0.113.5");
      // the wrong-port datagram never arrives: the upstream socket is connected, so the kernel
      // drops it; the wrong ID and the wrong question arrive and are counted
      assertThat(s.stats().spoofSuspected()).isEqualTo(2);
    }
  }

  @Test
  void garbageGetsFormerrAndTheServerKeepsServing() throws Exception {
    DnsServer s = server(upstream(DnsServerTest::www));
    byte[] garbage = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 99, 1, 2};
    Message formerr = new Message(DnsClient.udpRaw(addr(s), garbage));
    assertThat(formerr.getHeader().getID()).isEqualTo(0x1234);
    assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
    try (DatagramSocket sock = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      byte[] huge = new byte[3000]; // oversized: dropped without an answer
      sock.send(new DatagramPacket(huge, huge.length, addr(s)));
      byte[] tiny = {1, 2, 3};
      sock.send(new DatagramPacket(tiny, tiny.length, addr(s)));
    }
    assertThat(DnsClient.udp(addr(s), query("www.example.com", Type.A)).getRcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(s.stats().malformed()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void queryRulesMapToRcodes() throws Exception {
    DnsServer s = server(upstream(DnsServerTest::www));
    Message notify = query("www.example.com", Type.SOA);
    notify.getHeader().setOpcode(org.xbill.DNS.Opcode.NOTIFY);
    assertThat(DnsClient.udp(addr(s), notify).getRcode()).isEqualTo(Rcode.NOTIMP);
    assertThat(DnsClient.udp(addr(s), query("example.com", Type.AXFR)).getRcode())
        .isEqualTo(Rcode.REFUSED);
    Message two = query("www.example.com", Type.A);
    two.addRecord(Record.newRecord(gateway.dns.testutil.Dns.name("x.example.com"), Type.A,
        org.xbill.DNS.DClass.IN), Section.QUESTION);
    assertThat(DnsClient.udp(addr(s), two).getRcode()).isEqualTo(Rcode.FORMERR);
    Message v1 = query("www.example.com", Type.A);
    v1.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);
    Message badvers = DnsClient.udp(addr(s), v1);
    assertThat(badvers.getRcode()).isEqualTo(Rcode.BADVERS); // RFC 6891 6.1.3
  }

  @Test
  void oversizedTcpFrameClosesTheConnectionOnly() throws Exception {
    DnsServer s = server(upstream(DnsServerTest::www));
    try (Socket sock = new Socket()) {
      sock.connect(addr(s), 10_000);
      sock.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(sock.getOutputStream());
      out.writeShort(60_000);
      out.write(new byte[2000]);
      out.flush();
      assertThat(new DataInputStream(sock.getInputStream()).read()).isEqualTo(-1);
    }
    assertThat(DnsClient.tcp(addr(s), query("www.example.com", Type.A)).getRcode())
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void lookupFlushAndStatsForTheCli() throws Exception {
    FakeUpstream up = upstream(DnsServerTest::www);
    DnsServer s = server(a -> false, up); // the admin path bypasses the client ACL
    LookupResult r = s.lookup("www.example.com", "A").join();
    assertThat(r.rcode()).isEqualTo("NOERROR");
    assertThat(r.answer()).singleElement().asString().contains("203.0.113.5");
    assertThat(s.stats().cacheSize()).isEqualTo(1);
    assertThat(s.flush("www.example.com")).isEqualTo(1);
    s.lookup("www.example.com", "A").join();
    assertThat(up.udpQueries()).isEqualTo(2);
    s.flush();
    assertThat(s.stats().cacheSize()).isZero();
    assertThat(s.stats().asMap()).containsKeys("cache_hits", "upstream_mean_micros");
  }

  @Test
  void secondServerOnTheSamePortFailsWithAClearMessage() throws Exception {
    DnsServer s = server(upstream(DnsServerTest::www));
    DnsServer clash = DnsServer.builder().config(DnsConfig.defaults()
        .withListen(List.of(addr(s))).withUpstreams(List.of(addr(s)))).build();
    assertThatThrownBy(clash::start).isInstanceOf(DnsServerException.class)
        .hasMessageContaining("127.0.0.1:" + addr(s).getPort())
        .hasMessageContaining("port in use");
  }

  @Test
  void cacheSurvivesARestartWithTheDowntimeTakenOff(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    FakeUpstream up = upstream(DnsServerTest::www);
    java.nio.file.Path file = dir.resolve("dns-cache.snapshot");
    DnsConfig c = DnsConfig.defaults()
        .withListen(List.of(new InetSocketAddress("127.0.0.1", 0)))
        .withUpstreams(List.of(up.address()))
        .withCacheFile(java.util.Optional.of(file));
    DnsServer first = DnsServer.builder().config(c).clock(clock).build();
    first.start();
    DnsClient.udp(addr(first), query("www.example.com", Type.A));
    first.stop(Duration.ofSeconds(1));
    assertThat(file).exists();

    clock.advance(Duration.ofSeconds(50));
    DnsServer second = DnsServer.builder().config(c).clock(clock).build();
    second.start();
    closeables.add(second);
    Message m = DnsClient.udp(addr(second), query("www.example.com", Type.A));
    assertThat(m.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(250);
    assertThat(up.udpQueries()).isEqualTo(1);
    assertThat(second.stats().cacheHits()).isEqualTo(1);
  }

  @Test
  void clientOverItsRateIsDroppedUntilTokensRefill() throws Exception {
    FakeUpstream up = upstream(DnsServerTest::www);
    DnsServer s = DnsServer.builder().clock(clock).config(DnsConfig.defaults()
        .withListen(List.of(new InetSocketAddress("127.0.0.1", 0)))
        .withUpstreams(List.of(up.address()))
        .withPrefetchAndRateLimit(true, 1)).build(); // 1 query/s, bursts of 2
    s.start();
    closeables.add(s);
    assertThat(DnsClient.udp(addr(s), query("a.example.com", Type.A)).getRcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(DnsClient.udp(addr(s), query("b.example.com", Type.A)).getRcode())
        .isEqualTo(Rcode.NOERROR);
    try (DatagramSocket sock = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      byte[] q = query("c.example.com", Type.A).toWire();
      sock.send(new DatagramPacket(q, q.length, addr(s)));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (s.stats().rateLimited() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10); // waits for the server thread, not for time to pass
    }
    assertThat(s.stats().rateLimited()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(DnsClient.udp(addr(s), query("c.example.com", Type.A)).getRcode())
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void tcpConnectionsBeyondTheBoundAreClosedAtOnce() throws Exception {
    FakeUpstream up = upstream(DnsServerTest::www);
    DnsServer s = DnsServer.builder().clock(clock).maxTcpConnections(2).config(DnsConfig.defaults()
        .withListen(List.of(new InetSocketAddress("127.0.0.1", 0)))
        .withUpstreams(List.of(up.address()))).build();
    s.start();
    closeables.add(s);
    try (Socket one = new Socket(); Socket two = new Socket(); Socket three = new Socket()) {
      for (Socket k : List.of(one, two)) {
        k.connect(addr(s), 10_000);
      }
      three.connect(addr(s), 10_000);
      three.setSoTimeout(10_000);
      assertThat(three.getInputStream().read()).as("closed by the server").isEqualTo(-1);
      one.close();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      Message m = null;
      while (m == null && System.nanoTime() < deadline) { // the server sees the close shortly
        try {
          m = DnsClient.tcp(addr(s), query("www.example.com", Type.A));
        } catch (IOException e) {
          Thread.sleep(20);
        }
      }
      assertThat(m).isNotNull();
      assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    }
  }

  @Test
  void stopReleasesThePort() throws Exception {
    DnsServer s = server(upstream(DnsServerTest::www));
    InetSocketAddress a = addr(s);
    s.stop(Duration.ofSeconds(1));
    assertThat(s.boundAddresses()).isEmpty();
    try (DatagramSocket again = new DatagramSocket(a)) {
      assertThat(again.getLocalPort()).isEqualTo(a.getPort());
    }
  }
}
