package gateway.smtp.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** DSN structure per RFC 3464 / RFC 6522, parsed back with Jakarta Mail. */
class BounceBuilderTest {
    final BounceBuilder builder = new BounceBuilder(
            Clock.fixed(Instant.parse("2026-11-27T08:00:00Z"), ZoneOffset.UTC), "gw.lan.test");
    final byte[] original = "Subject: monthly report\r\nFrom: cron@nas.lan\r\n\r\nSECRET BODY\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    @Test
    void reportHasThreePartsAndPerRecipientFields() throws Exception {
        byte[] dsn = builder.build("ABC", "cron@nas.lan", Instant.parse("2026-11-26T08:00:00Z"), original, List.of(
                new BounceBuilder.Failure("nobody@example.com", "550 5.1.1 no such user", false),
                new BounceBuilder.Failure("slow@example.com", "451 4.3.0 later", true)));
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(dsn));
        assertThat(m.getContentType()).contains("multipart/report").contains("report-type=delivery-status");
        assertThat(m.getHeader("Auto-Submitted")[0]).isEqualTo("auto-replied");
        MimeMultipart mp = (MimeMultipart) m.getContent();
        assertThat(mp.getCount()).isEqualTo(3);
        assertThat(mp.getBodyPart(1).getContentType()).startsWith("message/delivery-status");
        assertThat(mp.getBodyPart(2).getContentType()).startsWith("text/rfc822-headers");
        String all = new String(dsn, StandardCharsets.UTF_8);
        assertThat(all).contains("Reporting-MTA: dns; gw.lan.test")
                .contains("Final-Recipient: rfc822; nobody@example.com\r\nAction: failed\r\nStatus: 5.1.1")
                .contains("Final-Recipient: rfc822; slow@example.com\r\nAction: failed\r\nStatus: 4.4.7")
                .contains("Subject: monthly report")
                .doesNotContain("SECRET BODY"); // headers only are returned
    }

    @Test
    void statusFallsBackToGenericWhenTheReplyHasNoEnhancedCode() {
        assertThat(BounceBuilder.status(new BounceBuilder.Failure("a@b", "550 go away", false))).isEqualTo("5.0.0");
        assertThat(BounceBuilder.status(new BounceBuilder.Failure("a@b", "MAIL FROM refused: 553 5.7.1 no", false)))
                .isEqualTo("5.7.1");
    }

    /** RFC 6533 section 3: a non-ASCII recipient keeps the report 7 bit (utf-8-addr-xtext). */
    @Test
    void nonAsciiRecipientIsWrittenAsUtf8AddrXtext() {
        assertThat(BounceBuilder.finalRecipient("bob@example.net")).isEqualTo("rfc822; bob@example.net");
        assertThat(BounceBuilder.finalRecipient("\u00e9l\u00e8ve+x@example.net"))
                .isEqualTo("utf-8; \\x{E9}l\\x{E8}ve\\x{2B}x@example.net");
    }
}
