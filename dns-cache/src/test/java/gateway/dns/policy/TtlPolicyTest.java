package gateway.dns.policy;

import static gateway.dns.testutil.Dns.a;
import static gateway.dns.testutil.Dns.cname;
import static gateway.dns.testutil.Dns.none;
import static gateway.dns.testutil.Dns.query;
import static gateway.dns.testutil.Dns.response;
import static gateway.dns.testutil.Dns.soa;
import static org.assertj.core.api.Assertions.assertThat;

import gateway.dns.policy.TtlPolicy.Decision;
import gateway.dns.policy.TtlPolicy.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class TtlPolicyTest {

  private static final Message Q = query("www.example.com", Type.A);
  /** minTtl 10 s, maxTtl 1 day, negative cap 1 hour. */
  private static final TtlPolicy POLICY = new TtlPolicy(10, 86400, 3600);

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("RFC 2181 5.2: smallest TTL of the answer wins",
            response(Q, Rcode.NOERROR, new Record[] {
                cname("www.example.com", 300, "web.example.com"),
                a("web.example.com", 60, "203.0.113.5")}),
            new Decision(Kind.POSITIVE, 60)),
        Arguments.of("min clamp raises a 2 s TTL to 10 s",
            response(Q, Rcode.NOERROR, new Record[] {a("www.example.com", 2, "203.0.113.5")}),
            new Decision(Kind.POSITIVE, 10)),
        Arguments.of("max clamp lowers a week to a day",
            response(Q, Rcode.NOERROR,
                new Record[] {a("www.example.com", 604800, "203.0.113.5")}),
            new Decision(Kind.POSITIVE, 86400)),
        Arguments.of("RFC 2181 8: TTL with the top bit set counts as 0, then min clamp",
            response(Q, Rcode.NOERROR,
                new Record[] {withWireTtl(a("www.example.com", 0, "203.0.113.5"), 0x80000000L)}),
            new Decision(Kind.POSITIVE, 10)),
        Arguments.of("RFC 2308 5: NXDOMAIN lives min(SOA TTL, SOA MINIMUM)",
            response(Q, Rcode.NXDOMAIN, none(), soa("example.com", 900, 120)),
            new Decision(Kind.NEGATIVE, 120)),
        Arguments.of("RFC 2308 5: SOA TTL below MINIMUM wins",
            response(Q, Rcode.NXDOMAIN, none(), soa("example.com", 30, 600)),
            new Decision(Kind.NEGATIVE, 30)),
        Arguments.of("RFC 2308 2.2: NODATA is negative too",
            response(Q, Rcode.NOERROR, none(), soa("example.com", 900, 300)),
            new Decision(Kind.NEGATIVE, 300)),
        Arguments.of("RFC 2308 5: negative TTL capped (here 1 h)",
            response(Q, Rcode.NXDOMAIN, none(), soa("example.com", 86400, 86400)),
            new Decision(Kind.NEGATIVE, 3600)),
        Arguments.of("RFC 2308 5: no SOA, no negative caching",
            response(Q, Rcode.NXDOMAIN, none()),
            Decision.UNCACHEABLE),
        Arguments.of("RFC 2308 7.1: SERVFAIL is not cached here",
            response(Q, Rcode.SERVFAIL, none()),
            Decision.UNCACHEABLE),
        Arguments.of("REFUSED is not cached",
            response(Q, Rcode.REFUSED, none()),
            Decision.UNCACHEABLE));
  }

  /** dnsjava refuses such TTLs in constructors but parses them off the wire, as upstreams send. */
  private static Record withWireTtl(Record r, long ttl) {
    byte[] w = r.toWire(org.xbill.DNS.Section.ANSWER);
    int o = r.getName().length() + 4;
    for (int i = 0; i < 4; i++) {
      w[o + i] = (byte) (ttl >>> (24 - 8 * i));
    }
    try {
      return Record.fromWire(w, org.xbill.DNS.Section.ANSWER);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(String rule, Message response, Decision expected) {
    assertThat(POLICY.decide(response)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void truncatedResponsesAreNeverCached(String rule, Message response, Decision ignored) {
    Message truncated = response.clone();
    truncated.getHeader().setFlag(Flags.TC);
    assertThat(POLICY.decide(truncated)).isEqualTo(Decision.UNCACHEABLE);
  }

  @org.junit.jupiter.api.Test
  void zeroTtlWithoutMinClampIsNotCached() {
    TtlPolicy noClamp = new TtlPolicy(0, 86400, 3600);
    Message r = response(Q, Rcode.NOERROR, new Record[] {a("www.example.com", 0, "203.0.113.5")});
    assertThat(noClamp.decide(r)).isEqualTo(Decision.UNCACHEABLE); // RFC 1035 3.2.1
  }
}
