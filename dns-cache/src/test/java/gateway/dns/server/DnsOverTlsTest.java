package gateway.dns.server;

import static gateway.dns.testutil.Dns.a;
import static gateway.dns.testutil.Dns.answer;
import static gateway.dns.testutil.Dns.query;
import static org.assertj.core.api.Assertions.assertThat;

import gateway.dns.config.DnsConfig;
import gateway.dns.testutil.DnsClient;
import gateway.dns.testutil.FakeTlsUpstream;
import gateway.dns.testutil.FakeUpstream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** DNS over TLS upstreams (RFC 7858) against a loopback TLS responder. */
class DnsOverTlsTest {

  private static Message tlsAnswer(Message q) {
    return answer(q, a(q.getQuestion().getName().toString(), 300, "203.0.113.53"));
  }

  private static DnsServer server(InetSocketAddress tls, String name, java.io.File ca,
      InetSocketAddress... more) {
    List<InetSocketAddress> ups = new java.util.ArrayList<>(List.of(tls));
    ups.addAll(List.of(more));
    DnsServer s = DnsServer.builder().config(DnsConfig.defaults()
        .withListen(List.of(new InetSocketAddress("127.0.0.1", 0)))
        .withUpstreams(ups)
        .withUpstreamTimeout(Duration.ofSeconds(3))
        .withTls(Map.of(tls, name), Optional.of(ca.toPath()))).build();
    s.start();
    return s;
  }

  @Test
  void answersComeOverTlsWhenTheCertificateMatchesTheName() throws Exception {
    try (FakeTlsUpstream up = new FakeTlsUpstream("dns.example", DnsOverTlsTest::tlsAnswer)) {
      DnsServer s = server(up.address(), "dns.example", up.certificateFile());
      try {
        Message m = DnsClient.udp(s.boundAddresses().get(0), query("www.example.com", Type.A));
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("203.0.113.53");
        assertThat(up.queries()).isEqualTo(1);
      } finally {
        s.close();
      }
    }
  }

  @Test
  void certificateForAnotherNameIsRefusedAndThePlainFallbackAnswers() throws Exception {
    try (FakeTlsUpstream up = new FakeTlsUpstream("evil.example", DnsOverTlsTest::tlsAnswer);
         FakeUpstream plain = new FakeUpstream((q, how) ->
             answer(q, a("www.example.com", 300, "203.0.113.99")))) {
      DnsServer s = server(up.address(), "dns.example", up.certificateFile(), plain.address());
      try {
        Message m = DnsClient.udp(s.boundAddresses().get(0), query("www.example.com", Type.A));
        assertThat(m.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("203.0.113.99");
        assertThat(up.queries()).as("no query may go to a server we could not verify").isZero();
        assertThat(s.stats().upstreamFailures()).isEqualTo(1);
      } finally {
        s.close();
      }
    }
  }

  @Test
  void untrustedCertificateIsRefused() throws Exception {
    try (FakeTlsUpstream up = new FakeTlsUpstream("dns.example", DnsOverTlsTest::tlsAnswer);
         FakeTlsUpstream other = new FakeTlsUpstream("dns.example", DnsOverTlsTest::tlsAnswer)) {
      DnsServer s = server(up.address(), "dns.example", other.certificateFile());
      try {
        Message m = DnsClient.udp(s.boundAddresses().get(0), query("www.example.com", Type.A));
        assertThat(m.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(up.queries()).isZero();
      } finally {
        s.close();
      }
    }
  }
}
