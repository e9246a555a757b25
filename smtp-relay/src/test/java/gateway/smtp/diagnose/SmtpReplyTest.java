package gateway.smtp.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reply parsing per RFC 5321 4.2, including what a hostile or broken peer sends. */
class SmtpReplyTest {
    static SmtpReply parse(String s) throws IOException {
        return SmtpReply.read(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void multiLineReply() throws IOException {
        SmtpReply r = parse("250-smtp.isp.test\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\nNEXT");
        assertThat(r.code()).isEqualTo(250);
        assertThat(r.lines()).containsExactly("smtp.isp.test", "STARTTLS", "AUTH PLAIN LOGIN");
    }

    @Test
    void bareCodeAndLfOnlyAreTolerated() throws IOException {
        assertThat(parse("220\n").code()).isEqualTo(220);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 400 Bad Request\r\n", "25\r\n", "abc def\r\n", "999 nope\r\n",
        "250-one\r\n354 two\r\n", "250+x\r\n", "", "250-unfinished", "220 no newline"})
    void malformedOrTruncatedRepliesAreErrors(String input) {
        assertThatThrownBy(() -> parse(input)).isInstanceOf(SmtpProtocolException.class);
    }

    @Test
    void overlongLineAndEndlessReplyAreCut() {
        assertThatThrownBy(() -> parse("220 " + "x".repeat(5000) + "\r\n")).hasMessageContaining("longer than");
        assertThatThrownBy(() -> parse("250-x\r\n".repeat(500))).hasMessageContaining("lines");
    }
}
