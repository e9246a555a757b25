package gateway.dns.codec;

import static gateway.dns.testutil.Dns.name;
import static gateway.dns.testutil.Dns.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class WireQuestionTest {

  private static WireQuestion parse(byte[] b) {
    ByteBuf buf = Unpooled.wrappedBuffer(b);
    return WireQuestion.parse(buf);
  }

  @Test
  void readsHeaderQuestionAndEdns() {
    Message q = query("WwW.Example.COM", Type.AAAA);
    q.getHeader().setID(0xbeef);
    q.getHeader().setFlag(Flags.CD);
    q.addRecord(new OPTRecord(4096, 0, 0, Flags.DO), Section.ADDITIONAL);
    WireQuestion w = parse(q.toWire());
    assertThat(w.id()).isEqualTo(0xbeef);
    assertThat(w.recursionDesired()).isTrue();
    assertThat(w.checkingDisabled()).isTrue();
    assertThat(w.type()).isEqualTo(Type.AAAA);
    assertThat(w.name()).isEqualTo(WireName.of(name("www.example.com")));
    assertThat(w.edns()).isTrue();
    assertThat(w.ednsPayload()).isEqualTo(4096);
    assertThat(w.questionOffset()).isEqualTo(12);
    assertThat(w.questionLength()).isEqualTo(17 + 4);
    assertThat(w.nameText(Unpooled.wrappedBuffer(q.toWire()))).isEqualTo("WwW.Example.COM.");
  }

  @Test
  void rootQuestionWithoutEdns() {
    WireQuestion w = parse(Message.newQuery(Record.newRecord(Name.root, Type.NS, DClass.IN))
        .toWire());
    assertThat(w.edns()).isFalse();
    assertThat(w.name().length()).isEqualTo(1);
    assertThat(w.nameText(Unpooled.wrappedBuffer(Message.newQuery(
        Record.newRecord(Name.root, Type.NS, DClass.IN)).toWire()))).isEqualTo(".");
  }

  /** Names with every byte value in their labels are written as dnsjava writes them. */
  @Test
  void nameTextMatchesDnsjavaForAnyLabelBytes() throws Exception {
    Random r = new Random(5);
    for (int i = 0; i < 2_000; i++) {
      java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
      for (int l = 1 + r.nextInt(4); l > 0; l--) {
        byte[] label = new byte[1 + r.nextInt(20)];
        r.nextBytes(label);
        wire.write(label.length);
        wire.write(label);
      }
      wire.write(0);
      Name n = new Name(wire.toByteArray());
      byte[] q = Message.newQuery(Record.newRecord(n, Type.A, DClass.IN)).toWire();
      WireQuestion w = parse(q);
      assertThat(w).as(n.toString()).isNotNull();
      assertThat(w.nameText(Unpooled.wrappedBuffer(q))).isEqualTo(n.toString());
      assertThat(w.name()).isEqualTo(WireName.of(n));
    }
  }

  @Test
  void namesBelowAZoneOnlyAtLabelBoundaries() {
    WireName zone = WireName.of(name("home.arpa"));
    assertThat(WireName.of(name("laptop.HOME.arpa")).isAtOrBelow(zone)).isTrue();
    assertThat(WireName.of(name("home.arpa")).isAtOrBelow(zone)).isTrue();
    assertThat(WireName.of(name("xhome.arpa")).isAtOrBelow(zone)).isFalse();
    assertThat(WireName.of(name("arpa")).isAtOrBelow(zone)).isFalse();
    assertThat(WireName.of(name("a.b.c")).isAtOrBelow(WireName.of(Name.root))).isTrue();
  }
}
