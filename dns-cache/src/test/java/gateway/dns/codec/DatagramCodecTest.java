package gateway.dns.codec;

import static gateway.dns.testutil.Dns.a;
import static gateway.dns.testutil.Dns.answer;
import static gateway.dns.testutil.Dns.query;
import static org.assertj.core.api.Assertions.assertThat;

import gateway.dns.metrics.DnsStats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class DatagramCodecTest {

  private static final InetSocketAddress ME = new InetSocketAddress("127.0.0.1", 53);
  private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.50", 33333);

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = DatagramCodecTest.class.getResourceAsStream("/packets/" + name)) {
      return in.readAllBytes();
    }
  }

  private static Inbound decode(byte[] packet) {
    EmbeddedChannel ch = new EmbeddedChannel(new DatagramQueryDecoder());
    ByteBuf buf = Unpooled.copiedBuffer(packet);
    ch.writeInbound(new DatagramPacket(buf, ME, CLIENT));
    assertThat(buf.refCnt()).isZero();
    Inbound in = ch.readInbound();
    assertThat(ch.finish()).isFalse();
    return in;
  }

  @Test
  void capturedDigQueryWithEdnsGetsTheAdvertisedLimit() throws IOException {
    Inbound in = decode(resource("dig-a-www.example.com.bin"));
    assertThat(in).isInstanceOfSatisfying(Inbound.Query.class, q -> {
      assertThat(q.query().getQuestion().getName().toString()).isEqualTo("www.example.com.");
      assertThat(q.query().getOPT()).isNotNull();
      assertThat(q.responseLimit()).isEqualTo(1232); // dig asks for 1232 itself
      assertThat(q.client()).isEqualTo(CLIENT);
    });
  }

  @Test
  void capturedDigQueryWithoutEdnsGets512() throws IOException {
    Inbound in = decode(resource("dig-noedns-mx-example.org.bin"));
    assertThat(in).isInstanceOfSatisfying(Inbound.Query.class, q -> {
      assertThat(q.query().getQuestion().getType()).isEqualTo(Type.MX);
      assertThat(q.responseLimit()).isEqualTo(512);
    });
  }

  @Test
  void capturedPtrQueryParses() throws IOException {
    assertThat(decode(resource("dig-ptr-192.0.2.50.bin"))).isInstanceOfSatisfying(
        Inbound.Query.class, q -> assertThat(q.query().getQuestion().getType())
            .isEqualTo(Type.PTR));
  }

  @Test
  void hugeEdnsSizeIsCappedAndTinyOneRaisedTo512() { // RFC 6891 6.2.5
    Message big = query("x.example", Type.A);
    big.addRecord(new OPTRecord(65000, 0, 0), Section.ADDITIONAL);
    assertThat(((Inbound.Query) decode(big.toWire())).responseLimit()).isEqualTo(1232);
    Message tiny = query("x.example", Type.A);
    tiny.addRecord(new OPTRecord(100, 0, 0), Section.ADDITIONAL);
    assertThat(((Inbound.Query) decode(tiny.toWire())).responseLimit()).isEqualTo(512);
  }

  @Test
  void truncatedCaptureIsAnswerableMalformed() throws IOException {
    byte[] p = resource("dig-a-www.example.com.bin");
    byte[] cut = java.util.Arrays.copyOf(p, 20);
    assertThat(decode(cut)).isInstanceOfSatisfying(Inbound.Malformed.class, m -> {
      assertThat(m.answerable()).isTrue();
      assertThat(m.id()).isEqualTo(((p[0] & 0xff) << 8) | (p[1] & 0xff));
    });
  }

  @Test
  void shortResponseAndOversizedInputsAreDroppedSilently() throws IOException {
    assertThat(decode(new byte[5])).isInstanceOfSatisfying(Inbound.Malformed.class,
        m -> assertThat(m.answerable()).isFalse());
    byte[] response = resource("dig-a-www.example.com.bin");
    response[2] |= (byte) 0x80; // QR: never answer a response
    assertThat(decode(response)).isInstanceOfSatisfying(Inbound.Malformed.class,
        m -> assertThat(m.answerable()).isFalse());
    byte[] oversized = java.util.Arrays.copyOf(resource("dig-a-www.example.com.bin"), 1233);
    assertThat(decode(oversized)).isInstanceOfSatisfying(Inbound.Malformed.class,
        m -> assertThat(m.reason()).contains("oversized"));
  }

  @Test
  void encoderTruncatesWithTcAndKeepsTheOpt() throws IOException { // RFC 6891 7, RFC 2181 9
    Message q = query("big.example", Type.A);
    Record[] rs = new Record[80];
    for (int i = 0; i < rs.length; i++) {
      rs[i] = a("big.example", 60, "203.0.113." + (i + 1));
    }
    Message r = answer(q, rs);
    r.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    DnsStats stats = new DnsStats();
    EmbeddedChannel ch = new EmbeddedChannel(new DatagramResponseEncoder(stats));
    ch.writeOutbound(new DnsResponse(r, CLIENT, 512));
    DatagramPacket out = ch.readOutbound();
    assertThat(out.recipient()).isEqualTo(CLIENT);
    byte[] wire = new byte[out.content().readableBytes()];
    out.content().readBytes(wire);
    out.release();
    assertThat(wire.length).isLessThanOrEqualTo(512);
    Message m = new Message(wire);
    assertThat(m.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(m.getOPT()).isNotNull();
    assertThat(stats.snapshot(0).truncated()).isEqualTo(1);
    assertThat(ch.finish()).isFalse();
  }
}
