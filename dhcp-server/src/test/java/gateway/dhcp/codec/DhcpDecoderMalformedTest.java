package gateway.dhcp.codec;

import static gateway.dhcp.codec.DhcpParseException.Reason.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each way a datagram can be wrong maps to one reason (RFC 2131 section 2 and RFC 2132 section 2). */
class DhcpDecoderMalformedTest {
    private static final byte[] GOOD = Packets.load("dhclient-01-discover.bin"); // options: 53,12,55,end

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("empty", (UnaryOperator<byte[]>) b -> new byte[0], TRUNCATED),
                Arguments.of("header cut", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, 100), TRUNCATED),
                Arguments.of("cookie cut", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, 238), TRUNCATED),
                Arguments.of("options cut before end", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, 250), BAD_OPTION_LENGTH),
                Arguments.of("options cut at boundary", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, 251), MISSING_END_OPTION),
                Arguments.of("oversized", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, 1501), OVERSIZED),
                Arguments.of("op 3", set(0, 3), BAD_OP),
                Arguments.of("op 0", set(0, 0), BAD_OP),
                Arguments.of("htype 6 (IEEE 802)", set(1, 6), BAD_HTYPE),
                Arguments.of("hlen 17", set(2, 17), BAD_HLEN),
                Arguments.of("hlen 0", set(2, 0), BAD_HLEN),
                Arguments.of("no magic cookie", set(236, 0), MISSING_MAGIC_COOKIE),
                Arguments.of("option length past end", set(244, 250), BAD_OPTION_LENGTH),
                Arguments.of("message type length 2", set(241, 2), BAD_OPTION_LENGTH),
                Arguments.of("message type 0", set(242, 0), UNKNOWN_MESSAGE_TYPE),
                Arguments.of("message type 19", set(242, 19), UNKNOWN_MESSAGE_TYPE),
                Arguments.of("no message type (BOOTP)", set(240, 0, 0, 0), MISSING_MESSAGE_TYPE),
                Arguments.of("overload 4", withOptions(53, 1, 1, 52, 1, 4, 255), BAD_OVERLOAD),
                Arguments.of("overload 2 bytes", withOptions(53, 1, 1, 52, 2, 1, 1, 255), BAD_OVERLOAD),
                Arguments.of("requested ip 3 bytes", withOptions(53, 1, 1, 50, 3, 1, 2, 3, 255), BAD_OPTION_LENGTH),
                Arguments.of("server id 5 bytes", withOptions(53, 1, 3, 54, 5, 1, 2, 3, 4, 5, 255), BAD_OPTION_LENGTH),
                Arguments.of("max size 1 byte", withOptions(53, 1, 1, 57, 1, 2, 255), BAD_OPTION_LENGTH),
                Arguments.of("client id 1 byte", withOptions(53, 1, 1, 61, 1, 1, 255), BAD_OPTION_LENGTH),
                Arguments.of("router 6 bytes", withOptions(53, 1, 1, 3, 6, 1, 2, 3, 4, 5, 6, 255), BAD_OPTION_LENGTH),
                Arguments.of("empty request list", withOptions(53, 1, 1, 55, 0, 255), BAD_OPTION_LENGTH),
                Arguments.of("length byte missing", withOptionsExact(53, 1, 1, 12), BAD_OPTION_LENGTH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void malformedInputGivesTypedReason(String name, UnaryOperator<byte[]> mutate, DhcpParseException.Reason reason) {
        byte[] bad = mutate.apply(GOOD.clone());
        assertThatThrownBy(() -> DhcpDecoder.decode(bad))
                .isInstanceOfSatisfying(DhcpParseException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void overloadedFileAndSnameAreDecodedInOrderOptionsFileSname() throws Exception {
        // RFC 2132 section 9.3 and RFC 2131 section 4.1: options, then file, then sname.
        byte[] b = withOptions(53, 1, 1, 52, 1, 3, 12, 2, 'a', 'b', 255).apply(GOOD.clone());
        byte[] inFile = {12, 2, 'c', 'd', 55, 2, 1, 3, (byte) 255};
        byte[] inSname = {12, 1, 'e', 15, 3, 'l', 'a', 'n', (byte) 255};
        System.arraycopy(inFile, 0, b, 108, inFile.length);
        System.arraycopy(inSname, 0, b, 44, inSname.length);
        DhcpMessage m = DhcpDecoder.decode(b);
        assertThat(m.options().text(OptionCode.HOST_NAME)).contains("abcde"); // RFC 3396 concatenation
        assertThat(m.options().parameterRequestList()).containsExactly(1, 3);
        assertThat(m.options().text(OptionCode.DOMAIN_NAME)).contains("lan");
        assertThat(m.options().has(OptionCode.OPTION_OVERLOAD)).isFalse();
        assertThat(m.file()).containsOnly(0);
        assertThat(m.sname()).containsOnly(0);
    }

    @Test
    void overloadedFieldMayNotHoldOverloadAgain() {
        byte[] b = withOptions(53, 1, 1, 52, 1, 1, 255).apply(GOOD.clone());
        b[108] = 52;
        b[109] = 1;
        b[110] = 2;
        assertThatThrownBy(() -> DhcpDecoder.decode(b)).isInstanceOfSatisfying(DhcpParseException.class,
                e -> assertThat(e.reason()).isEqualTo(BAD_OVERLOAD));
    }

    @Test
    void overloadedFieldOptionPastFieldEndIsRejected() {
        byte[] b = withOptions(53, 1, 1, 52, 1, 2, 255).apply(GOOD.clone());
        b[44 + 60] = 12;
        b[44 + 61] = 10; // would run into 'file'
        assertThatThrownBy(() -> DhcpDecoder.decode(b)).isInstanceOfSatisfying(DhcpParseException.class,
                e -> assertThat(e.reason()).isEqualTo(BAD_OPTION_LENGTH));
    }

    private static UnaryOperator<byte[]> set(int offset, int... values) {
        return b -> {
            for (int i = 0; i < values.length; i++) {
                b[offset + i] = (byte) values[i];
            }
            return b;
        };
    }

    private static UnaryOperator<byte[]> withOptions(int... options) {
        return b -> {
            byte[] r = Arrays.copyOf(b, 300);
            Arrays.fill(r, 240, 300, (byte) 0);
            for (int i = 0; i < options.length; i++) {
                r[240 + i] = (byte) options[i];
            }
            return r;
        };
    }

    private static UnaryOperator<byte[]> withOptionsExact(int... options) {
        return b -> {
            byte[] r = Arrays.copyOf(b, 240 + options.length);
            for (int i = 0; i < options.length; i++) {
                r[240 + i] = (byte) options[i];
            }
            return r;
        };
    }
}
