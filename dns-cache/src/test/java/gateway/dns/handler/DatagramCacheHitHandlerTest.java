package gateway.dns.handler;

import static gateway.dns.testutil.Dns.a;
import static gateway.dns.testutil.Dns.answer;
import static gateway.dns.testutil.Dns.cname;
import static gateway.dns.testutil.Dns.ip;
import static gateway.dns.testutil.Dns.name;
import static gateway.dns.testutil.Dns.none;
import static gateway.dns.testutil.Dns.response;
import static gateway.dns.testutil.Dns.soa;
import static org.assertj.core.api.Assertions.assertThat;

import gateway.dns.cache.CachingResolver;
import gateway.dns.cache.DnsCache;
import gateway.dns.codec.DatagramQueryDecoder;
import gateway.dns.codec.DatagramResponseEncoder;
import gateway.dns.config.Cidr;
import gateway.dns.local.HostTable;
import gateway.dns.local.LocalZone;
import gateway.dns.metrics.DnsStats;
import gateway.dns.metrics.DnsStatsSnapshot;
import gateway.dns.policy.RebindingFilter;
import gateway.dns.policy.TtlPolicy;
import gateway.dns.testutil.MutableClock;
import gateway.dns.testutil.ScriptedTransport;
import gateway.dns.upstream.UpstreamForwarder;
import gateway.dns.upstream.UpstreamHealth;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The cache-hit fast path against the full path: whenever the fast path answers, its bytes
 * must be exactly those the full path sends for the same query and cache state; whatever it
 * does not handle must reach the full path untouched.
 */
class DatagramCacheHitHandlerTest {

  private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 53);
  private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.77", 40000);
  private static final InetSocketAddress OUTSIDER = new InetSocketAddress("198.51.100.9", 4000);
  private static final InetSocketAddress UP = new InetSocketAddress("203.0.113.53", 53);

  /** One server's state: a cache and local names shared by the fast and the full path. */
  private static final class Paths {
    final MutableClock clock = new MutableClock(1_000_000_000L);
    final DnsStats stats = new DnsStats();
    final DatagramCacheHitHandler fastPath;
    final EmbeddedChannel full;

    Paths(boolean prefetch) {
      ScriptedTransport udp = new ScriptedTransport()
          .answering(UP, DatagramCacheHitHandlerTest::upstream);
      UpstreamForwarder fwd = new UpstreamForwarder(List.of(UP), udp, new ScriptedTransport(),
          new UpstreamHealth(clock, 3, Duration.ofSeconds(30)), Duration.ofSeconds(1),
          new Random(3), () -> 0L, stats);
      DnsCache cache = new DnsCache(2000, 600, clock, stats);
      CachingResolver resolver = new CachingResolver(cache, fwd, new TtlPolicy(0, 86400, 3600),
          new RebindingFilter(List.of(Cidr.parse("192.0.2.0/24")), List.of()), true, prefetch,
          stats);
      HostTable hosts = new HostTable(name("lan"));
      hosts.add("laptop", ip("192.0.2.50"));
      hosts.addStatic("nas.example.org", ip("203.0.113.7"));
      LocalZone local = new LocalZone(List.of(name("lan"), name("2.0.192.in-addr.arpa")),
          hosts, 60);
      Predicate<InetAddress> lan = x -> Cidr.parse("192.0.2.0/24").contains(x);
      QueryProcessor p = new QueryProcessor(lan, local, resolver, 30, clock::millis, stats);
      fastPath = new DatagramCacheHitHandler(lan, local, resolver, stats);
      full = new EmbeddedChannel(new DatagramResponseEncoder(stats), new DatagramQueryDecoder(),
          new DnsQueryHandler(p, stats));
    }

    /** The fast path's answer, or null when it leaves the query to the full path. */
    byte[] fast(byte[] query, InetSocketAddress from) {
      DatagramPacket p = new DatagramPacket(Unpooled.copiedBuffer(query), SERVER, from);
      try {
        ByteBuf out = fastPath.answer(p, ByteBufAllocator.DEFAULT);
        if (out == null) {
          return null;
        }
        byte[] b = new byte[out.readableBytes()];
        out.readBytes(b);
        out.release();
        return b;
      } finally {
        p.release();
      }
    }

    /** The full path's answer (decoder, processor, encoder), or null when it sends none. */
    byte[] full(byte[] query, InetSocketAddress from) {
      full.writeInbound(new DatagramPacket(Unpooled.copiedBuffer(query), SERVER, from));
      full.runPendingTasks();
      DatagramPacket out = full.readOutbound();
      if (out == null) {
        return null;
      }
      byte[] b = new byte[out.content().readableBytes()];
      out.content().readBytes(b);
      out.release();
      return b;
    }

    /** Every question of the upstream's zone asked once through the full path. */
    void warm() {
      for (String[] q : QUESTIONS) {
        assertThat(full(query(q[0], q[1], 1, true, false, new OPTRecord(1232, 0, 0)), CLIENT))
            .isNotNull();
      }
    }
  }

  private final Paths paths = new Paths(false);

  @AfterEach
  void release() {
    assertThat(paths.full.finishAndReleaseAll()).isFalse();
  }

  /** The upstream's zone: positive, CNAME, negative, NODATA, MX and oversized answers. */
  private static Message upstream(Message q) {
    Record question = q.getQuestion();
    String n = question.getName().toString().toLowerCase(Locale.ROOT);
    int t = question.getType();
    if (n.startsWith("nx.")) {
      return response(q, Rcode.NXDOMAIN, none(), soa("example.com", 300, 120));
    }
    if (n.startsWith("alias.") && t == Type.A) {
      return answer(q, cname(n, 600, "www.example.com"), a("www.example.com", 300, "203.0.113.5"));
    }
    if (n.startsWith("mx.") && t == Type.MX) {
      return answer(q, new MXRecord(name(n), DClass.IN, 900, 10, name("mail." + n)),
          new MXRecord(name(n), DClass.IN, 900, 20, name("backup.example.net")));
    }
    if ((n.startsWith("big.") || n.startsWith("huge.")) && t == Type.TXT) {
      int count = n.startsWith("big.") ? 6 : 12;
      Record[] txt = new Record[count];
      for (int i = 0; i < count; i++) {
        txt[i] = new TXTRecord(name(n), DClass.IN, 300, "x".repeat(100) + i);
      }
      return answer(q, txt);
    }
    if (t == Type.A) {
      return answer(q, a(n, 300, "203.0.113.5"), a(n, 300, "203.0.113.6"));
    }
    return response(q, Rcode.NOERROR, none(), soa("example.com", 300, 60)); // NODATA
  }

  private static final String[][] QUESTIONS = {
      {"www.example.com", "A"}, {"alias.example.com", "A"}, {"nx.example.com", "A"},
      {"www.example.com", "AAAA"}, {"mx.example.com", "MX"}, {"big.example.com", "TXT"},
      {"huge.example.com", "TXT"}, {"a.b.c.d.example.com", "A"}};

  private static byte[] query(String name, String type, int id, boolean rd, boolean cd,
      OPTRecord opt) {
    Message q = Message.newQuery(Record.newRecord(name(name), Type.value(type), DClass.IN));
    q.getHeader().setID(id);
    if (!rd) {
      q.getHeader().unsetFlag(Flags.RD);
    }
    if (cd) {
      q.getHeader().setFlag(Flags.CD);
    }
    if (opt != null) {
      q.addRecord(opt, Section.ADDITIONAL);
    }
    return q.toWire();
  }

  private static String mixedCase(String s, Random r) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(r.nextBoolean() ? Character.toUpperCase(c) : c);
    }
    return b.toString();
  }

  /** Every shape of query for every question: case, RD, CD, no EDNS, EDNS sizes, a cookie. */
  private static List<byte[]> variants(Random r) {
    List<byte[]> out = new ArrayList<>();
    OPTRecord[] opts = {null, new OPTRecord(512, 0, 0), new OPTRecord(1232, 0, 0),
        new OPTRecord(4096, 0, 0, Flags.DO), new OPTRecord(100, 0, 0),
        new OPTRecord(1232, 0, 0, 0, List.of(new CookieOption(new byte[8])))};
    for (String[] q : QUESTIONS) {
      for (OPTRecord opt : opts) {
        for (String n : List.of(q[0], q[0].toUpperCase(Locale.ROOT), mixedCase(q[0], r))) {
          out.add(query(n, q[1], r.nextInt(0x10000), r.nextBoolean(), r.nextBoolean(), opt));
        }
      }
    }
    return out;
  }

  @Test
  void answersHitsWithTheFullPathsBytes() {
    paths.warm();
    paths.clock.advance(Duration.ofSeconds(7)); // TTLs counted down, not yet near prefetch
    Random r = new Random(11);
    int answered = 0;
    for (byte[] q : variants(r)) {
      byte[] fast = paths.fast(q, CLIENT);
      byte[] full = paths.full(q, CLIENT);
      if (fast != null) {
        answered++;
        assertThat(fast).as("fast %s%nfull %s", Arrays.toString(fast), Arrays.toString(full))
            .isEqualTo(full);
      }
    }
    // all but: big TXT without EDNS or with a small size (needs TC), huge TXT (always TC)
    int perQuestion = 6 * 3;
    assertThat(answered).isEqualTo(QUESTIONS.length * perQuestion - 3 * 3 - perQuestion);
  }

  @Test
  void truncationIsLeftToTheFullPath() throws Exception {
    paths.warm();
    byte[] q = query("big.example.com", "TXT", 7, true, false, null);
    assertThat(paths.fast(q, CLIENT)).isNull();
    Message full = new Message(paths.full(q, CLIENT));
    assertThat(full.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(paths.fast(query("big.example.com", "TXT", 7, true, false, new OPTRecord(1232, 0, 0)),
        CLIENT)).isNotNull();
  }

  @Test
  void countsAHitAsTheFullPathDoes() {
    paths.warm();
    byte[] q = query("www.example.com", "A", 9, true, false, null);
    DnsStatsSnapshot before = paths.stats.snapshot(0);
    assertThat(paths.fast(q, CLIENT)).isNotNull();
    DnsStatsSnapshot afterFast = paths.stats.snapshot(0);
    assertThat(paths.full(q, CLIENT)).isNotNull();
    DnsStatsSnapshot afterFull = paths.stats.snapshot(0);
    assertThat(afterFast.queries() - before.queries()).isEqualTo(1);
    assertThat(afterFast.cacheHits() - before.cacheHits()).isEqualTo(1);
    assertThat(afterFull.queries() - afterFast.queries()).isEqualTo(1);
    assertThat(afterFull.cacheHits() - afterFast.cacheHits()).isEqualTo(1);
    assertThat(afterFull.cacheMisses()).isEqualTo(before.cacheMisses());
  }

  @Test
  void prefetchesAPopularEntryNearItsExpiry() throws Exception {
    Paths withPrefetch = new Paths(true);
    withPrefetch.warm();
    long upstreamBefore = withPrefetch.stats.snapshot(0).upstreamAnswers();
    withPrefetch.clock.advance(Duration.ofSeconds(275)); // 25 of 300 s left: the last tenth
    byte[] q = query("www.example.com", "A", 9, true, false, null);
    byte[] first = withPrefetch.fast(q, CLIENT);
    assertThat(new Message(first).getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(25);
    DnsStatsSnapshot s = withPrefetch.stats.snapshot(0);
    assertThat(s.prefetches()).isEqualTo(1);
    assertThat(s.upstreamAnswers()).isEqualTo(upstreamBefore + 1);
    byte[] second = withPrefetch.fast(q, CLIENT); // the refreshed entry
    assertThat(new Message(second).getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(300);
    assertThat(withPrefetch.full.finishAndReleaseAll()).isFalse();
  }

  @Test
  void leavesEverythingUnusualToTheFullPath() {
    paths.warm();
    byte[] ok = query("www.example.com", "A", 5, true, false, null);
    assertThat(paths.fast(ok, CLIENT)).isNotNull();
    assertThat(paths.fast(ok, OUTSIDER)).as("refused client").isNull();
    assertThat(paths.full(ok, OUTSIDER)).isNotNull(); // REFUSED, from the full path
    assertThat(paths.fast(query("laptop.lan", "A", 5, true, false, null), CLIENT)).isNull();
    assertThat(paths.fast(query("nas.example.org", "A", 5, true, false, null), CLIENT)).isNull();
    assertThat(paths.fast(query("miss.example.com", "A", 5, true, false, null), CLIENT)).isNull();
    assertThat(paths.fast(query("www.example.com", "ANY", 5, true, false, null), CLIENT)).isNull();
    assertThat(paths.fast(query("www.example.com", "A", 5, true, false, new OPTRecord(1232, 0, 1)),
        CLIENT)).as("EDNS version 1: BADVERS").isNull();
    Message notify = Message.newQuery(Record.newRecord(name("www.example.com"), Type.A,
        DClass.IN));
    notify.getHeader().setOpcode(Opcode.NOTIFY);
    assertThat(paths.fast(notify.toWire(), CLIENT)).isNull();
    Message chaos = Message.newQuery(Record.newRecord(name("www.example.com"), Type.A,
        DClass.CH));
    assertThat(paths.fast(chaos.toWire(), CLIENT)).isNull();
    Message two = Message.newQuery(Record.newRecord(name("www.example.com"), Type.A,
        DClass.IN));
    two.addRecord(Record.newRecord(name("nx.example.com"), Type.A, DClass.IN), Section.QUESTION);
    assertThat(paths.fast(two.toWire(), CLIENT)).isNull();
    byte[] trailing = Arrays.copyOf(ok, ok.length + 1);
    assertThat(paths.fast(trailing, CLIENT)).isNull();
    byte[] response = ok.clone();
    response[2] |= (byte) 0x80;
    assertThat(paths.fast(response, CLIENT)).isNull();
    for (int cut = 0; cut < ok.length; cut++) { // every truncation of a good query
      assertThat(paths.fast(Arrays.copyOf(ok, cut), CLIENT)).isNull();
    }
  }

  @Test
  void leavesStaleEntriesToTheFullPath() {
    paths.warm();
    paths.clock.advance(Duration.ofSeconds(301)); // past the A TTL, inside the stale window
    assertThat(paths.fast(query("www.example.com", "A", 5, true, false, null), CLIENT)).isNull();
  }

  @Test
  void compressedQuestionIsLeftToTheFullPath() {
    paths.warm();
    byte[] ok = query("www.example.com", "A", 5, true, false, null);
    // a question name that is only a pointer (to itself: a loop) or ends in one
    byte[] pointer = Arrays.copyOf(ok, 12 + 2 + 4);
    pointer[12] = (byte) 0xc0;
    pointer[13] = 12;
    System.arraycopy(ok, ok.length - 4, pointer, 14, 4);
    assertThat(paths.fast(pointer, CLIENT)).isNull();
    assertThat(paths.full(pointer, CLIENT)).isNotNull(); // FORMERR from the full path
  }

  /**
   * Mutated queries (bit flips, cuts, random header and flag bytes, appended garbage) against
   * a warm cache: every answer of the fast path must equal the full path's, byte for byte,
   * and mutations that keep a query valid must still be served fast.
   */
  @Test
  void mutatedQueriesGetTheFullPathsBytesOrFallBack() {
    paths.warm();
    paths.clock.advance(Duration.ofSeconds(3));
    Random r = new Random(20261127);
    List<byte[]> corpus = variants(r);
    int answered = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] q = corpus.get(r.nextInt(corpus.size())).clone();
      switch (r.nextInt(5)) {
        case 0 -> q[r.nextInt(q.length)] ^= (byte) (1 << r.nextInt(8));
        case 1 -> q = Arrays.copyOf(q, r.nextInt(q.length + 1));
        case 2 -> q[2 + r.nextInt(2)] = (byte) r.nextInt(256);
        case 3 -> q = Arrays.copyOf(q, q.length + 1 + r.nextInt(8));
        default -> q[4 + r.nextInt(8)] = (byte) r.nextInt(3);
      }
      byte[] fast = paths.fast(q, CLIENT);
      if (fast != null) {
        answered++;
        assertThat(fast).as("packet %d", i).isEqualTo(paths.full(q, CLIENT));
      } else {
        paths.full(q, CLIENT); // the full path handles (and caches) what the fast path left
      }
    }
    assertThat(answered).isGreaterThan(2_000);
  }
}
