package gateway.smtp.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.smtp.delivery.MailParametersUpstream.Offers;
import gateway.smtp.delivery.MailParametersUpstream.Plan;
import gateway.smtp.delivery.MailParametersUpstream.Refuse;
import gateway.smtp.delivery.MailParametersUpstream.Send;
import gateway.smtp.spool.BodyType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which MAIL parameters go upstream (RFC 6152, RFC 6531), and when a message cannot go to this server at all. */
class MailParametersUpstreamTest {
    static final byte[] ASCII = bytes("MIME-Version: 1.0\r\nSubject: a\r\n\r\nbody\r\n");
    static final byte[] BODY_8BIT = bytes("MIME-Version: 1.0\r\nSubject: a\r\n\r\nb\u00f6dy\r\n");
    static final byte[] HEADER_8BIT = bytes("MIME-Version: 1.0\r\nSubject: \u00e9t\u00e9\r\n\r\nbody\r\n");
    static final byte[] NON_MIME_8BIT = bytes("Subject: a\r\n\r\nb\u00f6dy\r\n");

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] content(String name) {
        return switch (name) {
            case "ascii" -> ASCII;
            case "body8bit" -> BODY_8BIT;
            case "header8bit" -> HEADER_8BIT;
            case "nonmime8bit" -> NON_MIME_8BIT;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** offers: 8 = 8BITMIME, U = SMTPUTF8. Result: the parameters, "QP" when converted, or the refusal's status. */
    @ParameterizedTest(name = "{0}/{1}/{2}/{3}, server {4} -> {5}")
    @CsvSource(delimiter = '|', value = {
        // faithful pass-through to a server that offers both
        "ascii       | UNSPECIFIED    | false | a@lan.test | 8U | ''",
        "ascii       | EIGHT_BIT_MIME | false | a@lan.test | 8U | BODY=8BITMIME",
        "ascii       | SEVEN_BIT      | false | a@lan.test | 8U | BODY=7BIT",
        "ascii       | UNSPECIFIED    | true  | a@lan.test | 8U | SMTPUTF8",
        "body8bit    | UNSPECIFIED    | false | a@lan.test | 8U | BODY=8BITMIME",
        "header8bit  | EIGHT_BIT_MIME | true  | a@lan.test | 8U | BODY=8BITMIME SMTPUTF8",
        "ascii       | UNSPECIFIED    | true  | \u00e9@lan.test | 8U | SMTPUTF8",
        // undeclared but needed: added (a client that forgot the parameter)
        "header8bit  | UNSPECIFIED    | false | a@lan.test | 8U | BODY=8BITMIME SMTPUTF8",
        // SMTPUTF8 declared without need: a server without it still gets the message (as Postfix does)
        "ascii       | UNSPECIFIED    | true  | a@lan.test | 8  | ''",
        "body8bit    | EIGHT_BIT_MIME | true  | a@lan.test | 8  | BODY=8BITMIME",
        // needed and not offered: returned to the sender
        "ascii       | UNSPECIFIED    | true  | \u00e9@lan.test | 8 | 5.6.7",
        "header8bit  | EIGHT_BIT_MIME | true  | a@lan.test | 8  | 5.6.7",
        // 8-bit content to a server without 8BITMIME: converted when safe, else returned
        "body8bit    | EIGHT_BIT_MIME | false | a@lan.test | '' | QP",
        "ascii       | EIGHT_BIT_MIME | false | a@lan.test | '' | ''",
        "nonmime8bit | EIGHT_BIT_MIME | false | a@lan.test | '' | 5.6.3",
        "header8bit  | UNSPECIFIED    | false | a@lan.test | '' | 5.6.3",
        // an SMTPUTF8 server takes 8-bit content (RFC 6531 3.1)
        "header8bit  | UNSPECIFIED    | true  | a@lan.test | U  | SMTPUTF8",
    })
    void plan(String content, BodyType body, boolean utf8, String sender, String offers, String expected) {
        byte[] in = content(content);
        Plan p = MailParametersUpstream.plan(body, utf8, sender, List.of("b@example.net"), in,
                new Offers(offers.contains("8"), offers.contains("U")), "smtp.isp.test");
        if (expected.startsWith("5.")) {
            assertThat(p).isInstanceOfSatisfying(Refuse.class, r -> assertThat(r.reason()).contains(expected)
                    .contains("smtp.isp.test"));
        } else if (expected.equals("QP")) {
            assertThat(p).isInstanceOfSatisfying(Send.class, s -> {
                assertThat(s.extensions()).isEmpty();
                assertThat(new String(s.content(), StandardCharsets.US_ASCII))
                        .contains("Content-Transfer-Encoding: quoted-printable").contains("b=C3=B6dy");
            });
        } else {
            assertThat(p).isInstanceOfSatisfying(Send.class, s -> {
                assertThat(String.join(" ", s.extensions())).isEqualTo(expected);
                assertThat(s.content()).isSameAs(in);
            });
        }
    }
}
