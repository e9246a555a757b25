package gateway.proxy.intercept;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpLiteralTest {
    @Test
    void ipv4AndIpv6LiteralsAreParsed() throws Exception {
        assertThat(IpLiteral.parse("203.0.113.80")).isEqualTo(InetAddress.getByName("203.0.113.80"));
        assertThat(IpLiteral.parse("2001:db8::80")).isEqualTo(InetAddress.getByName("2001:db8::80"));
        assertThat(IpLiteral.parse("::ffff:192.0.2.1")).isNotNull();
    }

    @Test
    void theOldShortIpv4FormsCountAsLiterals() throws Exception {
        // resolvers accept them as addresses, so the loop check must see 127.1 as 127.0.0.1
        assertThat(IpLiteral.parse("127.1")).isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(IpLiteral.parse("10.1.2")).isEqualTo(InetAddress.getByName("10.1.0.2"));
        assertThat(IpLiteral.parse("3405803856")).isEqualTo(InetAddress.getByName("203.0.113.80"));
    }

    @Test
    void namesAndJunkAreNotLiteralsAndAreNeverLookedUp() {
        for (String host : new String[] {"", "example.test", "localhost", "cafe", "face:b00c:zz", "1.2.3.4.5.6",
                "999.1.1.1", "a.b:c", "::g", "203.0.113.80 ", "%", "1..2", ".1.2.3", "1.2.3.", "256.1.1.1", "1.16777216",
                "99999999999", "4294967296"}) {
            assertThat(IpLiteral.parse(host)).as(host).isNull();
        }
    }

    @Test
    void namesComparesALiteralWithAnAddress() throws Exception {
        InetAddress origin = InetAddress.getByName("203.0.113.80");
        assertThat(IpLiteral.names("203.0.113.80", origin)).isTrue();
        assertThat(IpLiteral.names("3405803856", origin)).isTrue();
        assertThat(IpLiteral.names("203.0.113.81", origin)).isFalse();
        assertThat(IpLiteral.names("origin.test", origin)).isFalse();
        assertThat(IpLiteral.names("2001:db8::80", InetAddress.getByName("2001:db8:0::80"))).isTrue();
        assertThat(IpLiteral.names("2001:db8::80", origin)).isFalse();
        assertThat(IpLiteral.names("203.0.113.80", InetAddress.getByName("2001:db8::80"))).isFalse();
    }

    @Test
    void randomTextNeverThrows() {
        java.util.Random random = new java.util.Random(7);
        String alphabet = "0123456789.:abcdefABCDEF%xz[] ";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder host = new StringBuilder();
            for (int i = random.nextInt(24); i > 0; i--) {
                host.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            IpLiteral.parse(host.toString()); // null or an address, never an exception or a lookup
            IpLiteral.names(host.toString(), java.net.InetAddress.getLoopbackAddress());
        }
    }
}
