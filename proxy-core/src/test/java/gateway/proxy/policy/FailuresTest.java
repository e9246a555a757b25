package gateway.proxy.policy;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.proxy.codec.SmugglingException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The failure → status table (RFC 9110 section 15: 400, 414, 431 (RFC 6585), 502, 504). */
class FailuresTest {

    static Stream<Arguments> requestFailures() {
        return Stream.of(
                Arguments.of(new TooLongHttpHeaderException("h"), 431),
                Arguments.of(new TooLongHttpLineException("l"), 414),
                Arguments.of(new SmugglingException("cl+te"), 400),
                Arguments.of(new IllegalArgumentException("Multiple Content-Length values found"), 400),
                Arguments.of(new NumberFormatException("bad chunk"), 400));
    }

    @ParameterizedTest
    @MethodSource("requestFailures")
    void malformedRequestsAnswerAndClose(Throwable cause, int status) {
        ProxyFailure failure = Failures.malformedRequest(cause);
        assertThat(failure.status()).isEqualTo(status);
        assertThat(failure.close()).isTrue();
    }

    static Stream<Arguments> upstreamFailures() {
        return Stream.of(
                Arguments.of(new ConnectTimeoutException("connection timed out"), 504, "timed out"),
                Arguments.of(new UpstreamTimeoutException("no head"), 504, "no response in time"),
                Arguments.of(new ConnectException("Connection refused"), 502, "refused"),
                Arguments.of(new ClosedChannelException(), 502, "closed the connection"),
                Arguments.of(new java.net.UnknownHostException("nohost"), 502, "cannot resolve"));
    }

    @ParameterizedTest
    @MethodSource("upstreamFailures")
    void upstreamFailuresNameTheCause(Throwable cause, int status, String words) {
        ProxyFailure failure = Failures.upstream(cause, "203.0.113.80:80");
        assertThat(failure.status()).isEqualTo(status);
        assertThat(failure.cause()).contains(words).contains("203.0.113.80:80");
        assertThat(failure.close()).isFalse();
    }
}
