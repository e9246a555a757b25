package gateway.smtp.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** 8-bit to 7-bit conversion for a server without 8BITMIME (RFC 6152 section 3, RFC 2045 6.7). */
class SevenBitConverterTest {
    static final String TEXT = "Gr\u00fc\u00dfe aus K\u00f6ln \u2014 caf\u00e9 \r\n.dot line\r\ntrailing space \r\n"
            + "x".repeat(120) + "\u00e9\r\n";

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static MimeMessage parse(byte[] b) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(b));
    }

    static byte[] decoded(BodyPart p) throws Exception {
        try (InputStream in = p.getInputStream()) {
            return in.readAllBytes();
        }
    }

    static void assert7bitWithShortLines(byte[] b) {
        for (byte x : b) {
            assertThat(x).isGreaterThanOrEqualTo((byte) 0);
        }
        for (String line : new String(b, StandardCharsets.US_ASCII).split("\r\n")) {
            assertThat(line.length()).isLessThanOrEqualTo(998);
        }
    }

    @Test
    void singleTextPartBecomesQuotedPrintableAndDecodesToTheSameOctets() throws Exception {
        byte[] in = utf8("MIME-Version: 1.0\r\nSubject: hi\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n" + TEXT);
        byte[] out = SevenBitConverter.convert(in);
        assert7bitWithShortLines(out);
        String s = new String(out, StandardCharsets.US_ASCII);
        assertThat(s).startsWith("MIME-Version: 1.0\r\nSubject: hi\r\nContent-Type: text/plain; charset=utf-8\r\n")
                .containsOnlyOnce("Content-Transfer-Encoding:").contains("Content-Transfer-Encoding: quoted-printable")
                .endsWith("\r\n");
        MimeMessage m = parse(out);
        try (InputStream body = m.getInputStream()) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
        }
    }

    @Test
    void multipartConvertsOnlyThe8bitPartsAndKeepsTheRestByteForByte() throws Exception {
        String b64 = "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "AAECAwQ=\r\n";
        byte[] in = utf8("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "preamble\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + TEXT
                + "\r\n--b1\r\n" + b64 + "--b1--\r\nepilogue\r\n");
        byte[] out = SevenBitConverter.convert(in);
        assert7bitWithShortLines(out);
        assertThat(new String(out, StandardCharsets.US_ASCII)).contains(b64).contains("\r\nepilogue\r\n");
        Multipart mp = (Multipart) parse(out).getContent();
        assertThat(mp.getCount()).isEqualTo(2);
        assertThat(new String(decoded(mp.getBodyPart(0)), StandardCharsets.UTF_8)).isEqualTo(TEXT);
        assertThat(decoded(mp.getBodyPart(1))).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void nestedMessageIsConverted() throws Exception {
        byte[] in = utf8("MIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n"
                + "Subject: inner\r\nMIME-Version: 1.0\r\n\r\n" + TEXT);
        byte[] out = SevenBitConverter.convert(in);
        assert7bitWithShortLines(out);
        MimeMessage inner = (MimeMessage) parse(out).getContent();
        try (InputStream body = inner.getInputStream()) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
        }
    }

    @Test
    void sevenBitMessageIsReturnedUnchanged() throws Exception {
        byte[] in = utf8("Subject: plain\r\n\r\nascii only\r\n");
        assertThat(SevenBitConverter.convert(in)).isSameAs(in);
    }

    @Test
    void unsafeCasesAreRefusedWithAReason() {
        assertThatThrownBy(() -> SevenBitConverter.convert(utf8("Subject: x\r\n\r\n" + TEXT)))
                .hasMessageContaining("MIME-Version");
        assertThatThrownBy(() -> SevenBitConverter.convert(utf8("MIME-Version: 1.0\r\nSubject: \u00e9\r\n\r\nx\r\n")))
                .hasMessageContaining("header");
        assertThatThrownBy(() -> SevenBitConverter.convert(utf8("MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\n\r\n" + TEXT)))
                .hasMessageContaining("closing boundary");
        assertThatThrownBy(() -> SevenBitConverter.convert(utf8("MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed\r\n\r\n" + TEXT)))
                .hasMessageContaining("boundary");
        assertThatThrownBy(() -> SevenBitConverter.convert(utf8("MIME-Version: 1.0\r\n"
                + "Content-Transfer-Encoding: binary\r\n\r\n" + TEXT)))
                .hasMessageContaining("binary");
        assertThatThrownBy(() -> SevenBitConverter.convert(utf8("MIME-Version: 1.0\r\n"
                + "Content-Type: message/global\r\n\r\n" + TEXT)))
                .hasMessageContaining("message/global");
    }
}
