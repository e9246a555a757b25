package gateway.smtp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gateway.smtp.spool.BodyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MAIL FROM parameters (RFC 5321 4.1.2, RFC 1870, RFC 6152, RFC 6531, RFC 4954 5). */
class MailParametersTest {

    @Test
    void noParameters() throws Exception {
        assertThat(MailParameters.parse("")).isEqualTo(MailParameters.NONE);
        assertThat(MailParameters.parse("   ")).isEqualTo(MailParameters.NONE);
    }

    @Test
    void everySupportedParameterInAnyOrderAndCase() throws Exception {
        assertThat(MailParameters.parse(" SIZE=1024 BODY=8BITMIME SMTPUTF8"))
                .isEqualTo(new MailParameters(BodyType.EIGHT_BIT_MIME, true, 1024));
        assertThat(MailParameters.parse("smtputf8  body=7bit  size=5 AUTH=<>"))
                .isEqualTo(new MailParameters(BodyType.SEVEN_BIT, true, 5));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "BODY=BINARYMIME      | 501",  // RFC 3030 BINARYMIME is not offered
        "BODY=8bit            | 501",
        "BODY                 | 501",
        "SMTPUTF8=yes         | 501",
        "SIZE=abc             | 501",
        "SIZE=-1              | 501",
        "SIZE=1234567890123456789012 | 501",
        "SIZE=1 SIZE=2        | 501",
        "RET=HDRS             | 555",  // DSN (RFC 3461) is not offered
        "ENVID=abc            | 555",
        "XFOO                 | 555",
        "AUTH=                | 501",
    })
    void refusedWithTheRightCode(String params, int code) {
        assertThatThrownBy(() -> MailParameters.parse(params)).isInstanceOfSatisfying(MailParameters.Refused.class,
                r -> assertThat(r.violation().code()).isEqualTo(code));
    }

    @Test
    void refusalNamesTheParameterPrintably() {
        assertThatThrownBy(() -> MailParameters.parse("X\u0001Y=1")).isInstanceOfSatisfying(
                MailParameters.Refused.class, r -> assertThat(r.violation().text()).contains("X?Y"));
    }
}
