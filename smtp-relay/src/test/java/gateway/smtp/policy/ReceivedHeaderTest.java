package gateway.smtp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.smtp.policy.ReceivedHeader.Protocol;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Our trace field (RFC 5321 4.4) and its protocol keyword (RFC 3848, RFC 6531 section 3.8). */
class ReceivedHeaderTest {

    @ParameterizedTest(name = "ehlo={0} tls={1} auth={2} utf8={3} -> {4}")
    @CsvSource({
        "false, false, false, false, SMTP",
        "true,  false, false, false, ESMTP",
        "true,  true,  false, false, ESMTPS",
        "true,  false, true,  false, ESMTPA",
        "true,  true,  true,  false, ESMTPSA",
        "true,  true,  true,  true,  UTF8SMTPSA",
        "true,  false, false, true,  UTF8SMTP",
    })
    void protocolKeyword(boolean ehlo, boolean tls, boolean auth, boolean utf8, String keyword) {
        assertThat(new Protocol(ehlo, tls, auth, utf8).keyword()).isEqualTo(keyword);
    }

    @Test
    void utf8RecipientIsKeptAndTheHeloCannotAddLines() {
        String h = new String(ReceivedHeader.build("evil\r\nX-Injected: 1", "192.0.2.10", "gateway.home.arpa",
                new Protocol(true, false, false, true), "Q1", "b\u00f8b@example.net",
                Instant.parse("2026-11-27T08:00:00Z"), ZoneOffset.UTC), StandardCharsets.UTF_8);
        assertThat(h).isEqualTo("Received: from evil??X-Injected:?1 ([192.0.2.10])\r\n"
                + "\tby gateway.home.arpa (gateway-smtp-relay) with UTF8SMTP id Q1\r\n"
                + "\tfor <b\u00f8b@example.net>;\r\n\tFri, 27 Nov 2026 08:00:00 +0000\r\n");
    }

    @Test
    void ipv6LiteralAndNoForClauseForSeveralRecipients() {
        String h = new String(ReceivedHeader.build("", "2001:db8::10", "gw", new Protocol(true, true, false, false),
                "Q2", null, Instant.parse("2026-11-27T08:00:00Z"), ZoneOffset.UTC), StandardCharsets.UTF_8);
        assertThat(h).startsWith("Received: from [IPv6:2001:db8::10] ([IPv6:2001:db8::10])\r\n")
                .contains("with ESMTPS id Q2;").doesNotContain("for");
    }
}
