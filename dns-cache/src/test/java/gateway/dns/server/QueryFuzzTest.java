package gateway.dns.server;

import static gateway.dns.testutil.Dns.a;
import static gateway.dns.testutil.Dns.answer;
import static gateway.dns.testutil.Dns.name;
import static gateway.dns.testutil.Dns.none;
import static gateway.dns.testutil.Dns.query;
import static gateway.dns.testutil.Dns.response;
import static gateway.dns.testutil.Dns.soa;
import static org.assertj.core.api.Assertions.assertThat;

import gateway.dns.cache.CachingResolver;
import gateway.dns.cache.DnsCache;
import gateway.dns.codec.DatagramQueryDecoder;
import gateway.dns.codec.DatagramResponseEncoder;
import gateway.dns.codec.StreamQueryDecoder;
import gateway.dns.codec.StreamResponseEncoder;
import gateway.dns.config.Cidr;
import gateway.dns.config.DnsConfig;
import gateway.dns.handler.DatagramCacheHitHandler;
import gateway.dns.handler.DnsQueryHandler;
import gateway.dns.handler.QueryProcessor;
import gateway.dns.local.HostTable;
import gateway.dns.local.LocalZone;
import gateway.dns.metrics.DnsStats;
import gateway.dns.policy.RebindingFilter;
import gateway.dns.policy.TtlPolicy;
import gateway.dns.testutil.DnsClient;
import gateway.dns.testutil.FakeUpstream;
import gateway.dns.testutil.MutableClock;
import gateway.dns.testutil.ScriptedTransport;
import gateway.dns.upstream.UpstreamForwarder;
import gateway.dns.upstream.UpstreamHealth;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Random and mutated packets through the real decode → process → encode path (behind the
 * UDP cache-hit fast path). Seeded, so a
 * failure reproduces. Checks: nothing escapes, no buffer leaks, every answer parses, is a
 * response and fits the UDP limit, and the path still answers a good query afterwards.
 */
class QueryFuzzTest {

  private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 53);
  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
  private static final InetSocketAddress UP = new InetSocketAddress("203.0.113.53", 53);

  private final MutableClock clock = new MutableClock(1_000_000);
  private final DnsStats stats = new DnsStats();

  /** The UDP fast path over the same cache and local names as the handler made last. */
  private DatagramCacheHitHandler fastPath;

  private DnsQueryHandler handler() {
    ScriptedTransport udp = new ScriptedTransport().answering(UP, q ->
        q.getQuestion().getType() == Type.A
            ? answer(q, a(q.getQuestion().getName().toString(), 60, "203.0.113.5"))
            : response(q, Rcode.NXDOMAIN, none(), soa("example.com", 60, 60)));
    UpstreamForwarder fwd = new UpstreamForwarder(List.of(UP), udp, new ScriptedTransport(),
        new UpstreamHealth(clock, 3, Duration.ofSeconds(30)), Duration.ofSeconds(1),
        new Random(3), () -> 0L, stats);
    DnsCache cache = new DnsCache(2000, 60, clock, stats);
    CachingResolver resolver = new CachingResolver(cache, fwd, new TtlPolicy(0, 86400, 3600),
        new RebindingFilter(List.of(Cidr.parse("192.0.2.0/24")), List.of()), true, true, stats);
    HostTable hosts = new HostTable(name("lan"));
    hosts.add("laptop", gateway.dns.testutil.Dns.ip("192.0.2.50"));
    LocalZone local = new LocalZone(List.of(name("lan"), name("2.0.192.in-addr.arpa")), hosts,
        60);
    QueryProcessor p = new QueryProcessor(x -> true, local, resolver, 30, clock::millis, stats);
    fastPath = new DatagramCacheHitHandler(x -> true, local, resolver, stats);
    return new DnsQueryHandler(p, stats);
  }

  private static List<byte[]> corpus() {
    List<byte[]> c = new ArrayList<>();
    String[] names = {"www.example.com", "laptop.lan", "ghost.lan", "50.2.0.192.in-addr.arpa",
        "a.very.long.name.with.many.labels.example.org", "x.y"};
    int[] types = {Type.A, Type.AAAA, Type.PTR, Type.ANY, Type.MX, Type.TXT, Type.AXFR};
    for (String n : names) {
      for (int t : types) {
        Message q = query(n, t);
        c.add(q.toWire());
        q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        c.add(q.toWire());
      }
    }
    return c;
  }

  static byte[] mutate(Random r, List<byte[]> corpus) {
    byte[] base = corpus.get(r.nextInt(corpus.size())).clone();
    switch (r.nextInt(7)) {
      case 0 -> {
        byte[] b = new byte[r.nextInt(20) == 0 ? 1233 + r.nextInt(2000) : r.nextInt(600)];
        r.nextBytes(b);
        return b;
      }
      case 1 -> {
        for (int i = 1 + r.nextInt(8); i > 0; i--) {
          int pos = r.nextInt(base.length);
          base[pos] ^= (byte) (1 << r.nextInt(8));
        }
        return base;
      }
      case 2 -> {
        return java.util.Arrays.copyOf(base, r.nextInt(base.length));
      }
      case 3 -> {
        byte[] b = java.util.Arrays.copyOf(base, base.length + 1 + r.nextInt(200));
        for (int i = base.length; i < b.length; i++) {
          b[i] = (byte) r.nextInt(256);
        }
        return b;
      }
      case 4 -> {
        for (int i = 4; i < 12; i++) {
          base[i] = (byte) r.nextInt(256);
        }
        return base;
      }
      case 5 -> {
        int pos = 12 + r.nextInt(base.length - 12);
        base[pos] = (byte) (0xC0 | r.nextInt(64)); // compression pointers, loops included
        if (pos + 1 < base.length) {
          base[pos + 1] = (byte) r.nextInt(256);
        }
        return base;
      }
      default -> {
        base[2] = (byte) r.nextInt(256); // flags: opcodes, QR, TC, ...
        base[3] = (byte) r.nextInt(256);
        return base;
      }
    }
  }

  @Test
  void hundredThousandPacketsThroughTheUdpPipeline() throws Exception {
    DnsQueryHandler handler = handler();
    EmbeddedChannel ch = new EmbeddedChannel(fastPath,
        new DatagramResponseEncoder(stats), new DatagramQueryDecoder(), handler);
    Random r = new Random(20261127);
    List<byte[]> corpus = corpus();
    int answers = 0;
    for (int i = 0; i < 100_000; i++) {
      byte[] packet = mutate(r, corpus);
      ByteBuf in = Unpooled.copiedBuffer(packet);
      ch.writeInbound(new DatagramPacket(in, SERVER, CLIENT));
      if (packet.length > 0) { // the shared empty buffer is never released
        assertThat(in.refCnt()).as("input released, packet %d", i).isZero();
      }
      int perPacket = 0;
      for (Object o; (o = ch.readOutbound()) != null; ) {
        DatagramPacket out = (DatagramPacket) o;
        try {
          byte[] wire = new byte[out.content().readableBytes()];
          out.content().readBytes(wire);
          assertThat(wire.length).isLessThanOrEqualTo(1232);
          Message m = new Message(wire);
          assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
        } finally {
          out.release();
        }
        perPacket++;
      }
      assertThat(perPacket).isLessThanOrEqualTo(1);
      answers += perPacket;
      if (i % 10_000 == 0) {
        clock.advance(Duration.ofSeconds(30)); // let entries expire and go stale as well
      }
    }
    ch.checkException();
    assertThat(ch.isOpen()).isTrue();
    assertThat(answers).isGreaterThan(10_000);
    assertThat(stats.snapshot(0).cacheHits()).isGreaterThan(1_000);
    assertThat(handler.inFlight()).isZero();

    ch.writeInbound(new DatagramPacket(
        Unpooled.wrappedBuffer(query("www.example.com", Type.A).toWire()), SERVER, CLIENT));
    DatagramPacket out = ch.readOutbound();
    byte[] wire = new byte[out.content().readableBytes()];
    out.content().readBytes(wire);
    out.release();
    assertThat(new Message(wire).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(ch.finishAndReleaseAll()).isFalse();
  }

  @Test
  void fiveThousandFramesThroughTheTcpPipeline() throws Exception {
    DnsQueryHandler handler = handler();
    Random r = new Random(4242);
    List<byte[]> corpus = corpus();
    for (int i = 0; i < 5_000; i++) {
      EmbeddedChannel ch = new EmbeddedChannel(
          new LengthFieldBasedFrameDecoder(1232, 0, 2, 0, 2), new StreamResponseEncoder(),
          new StreamQueryDecoder(), handler);
      byte[] frame = mutate(r, corpus);
      ByteBuf in = Unpooled.buffer().writeShort(frame.length).writeBytes(frame);
      try {
        ch.writeInbound(in);
      } catch (io.netty.handler.codec.TooLongFrameException e) {
        assertThat(frame.length).isGreaterThan(1232); // the one expected failure: oversize
      }
      for (Object o; (o = ch.readOutbound()) != null; ) {
        ByteBuf b = (ByteBuf) o;
        int len = b.readUnsignedShort();
        assertThat(b.readableBytes()).isEqualTo(len);
        byte[] wire = new byte[len];
        b.readBytes(wire);
        b.release();
        assertThat(new Message(wire).getHeader().getFlag(Flags.QR)).isTrue();
      }
      ch.finishAndReleaseAll();
      assertThat(in.refCnt()).isZero();
    }
  }

  @Test
  void realServerStillAnswersAfterAFloodOfMutatedDatagrams() throws Exception {
    try (FakeUpstream up = new FakeUpstream((q, how) ->
        answer(q, a(q.getQuestion().getName().toString(), 60, "203.0.113.5")))) {
      DnsServer s = DnsServer.builder().config(DnsConfig.defaults()
          .withListen(List.of(new InetSocketAddress("127.0.0.1", 0)))
          .withUpstreams(List.of(up.address()))).build();
      s.start();
      try (DatagramSocket sock = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        Random r = new Random(77);
        List<byte[]> corpus = corpus();
        InetSocketAddress target = s.boundAddresses().get(0);
        for (int i = 0; i < 5_000; i++) {
          byte[] p = mutate(r, corpus);
          sock.send(new java.net.DatagramPacket(p, p.length, target));
        }
        Message m = DnsClient.udpRetrying(target, query("after.example.com", Type.A), 15);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER)).hasSize(1);
      } finally {
        s.close();
      }
    }
  }
}
