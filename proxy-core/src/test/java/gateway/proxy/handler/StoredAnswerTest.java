package gateway.proxy.handler;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.proxy.cache.ByteRange;
import gateway.proxy.cache.ConditionalRequest.Verdict;
import gateway.proxy.cache.Fields;
import gateway.proxy.cache.HttpDates;
import gateway.proxy.cache.StoredBody;
import gateway.proxy.cache.StoredResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Answers from a stored 200 of 260 bytes (the alphabet ten times): ranges (RFC 9110 section 14), If-Range (13.1.5), 412. */
class StoredAnswerTest {
    private static final Instant MODIFIED = Instant.parse("2026-01-01T00:00:00Z");
    private static final String LM = HttpDates.format(MODIFIED);
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz";
    private StoredResponse stored;

    @BeforeEach
    void store() {
        Fields fields = Fields.of("Content-Type", "text/plain", "ETag", "\"v1\"", "Last-Modified", LM,
                "Date", HttpDates.format(MODIFIED.plusSeconds(60)), "Cache-Control", "max-age=60");
        stored = new StoredResponse("http://a.test/abc", Map.of(), 200, "OK", fields, MODIFIED, MODIFIED,
                StoredBody.copyOf(ALPHABET.repeat(10).getBytes(StandardCharsets.US_ASCII)));
    }

    @AfterEach
    void release() {
        stored.body().release();
        assertThat(StoredBody.liveBuffers()).as("off-heap buffers left").isZero();
    }

    private static HttpRequest get(HttpMethod method, String... headers) {
        HttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "http://a.test/abc");
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().add(headers[i], headers[i + 1]);
        }
        return request;
    }

    private FullHttpResponse answer(HttpMethod method, String... headers) {
        return StoredAnswer.answer(Verdict.SERVE, stored, get(method, headers), Duration.ofSeconds(3), "1.1 gw", true);
    }

    /** The response as the client would read it, through the real encoder. */
    private static String wire(FullHttpResponse response) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpResponseEncoder());
        channel.writeOutbound(response);
        StringBuilder text = new StringBuilder();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            text.append(out.toString(StandardCharsets.ISO_8859_1));
            out.release();
        }
        assertThat(channel.finish()).isFalse();
        return text.toString();
    }

    private static String body(FullHttpResponse response) {
        try {
            return response.content().toString(StandardCharsets.ISO_8859_1);
        } finally {
            response.release();
        }
    }

    @Test
    void rfc9110_14_6_multipartBodyNamesEachRangeAndSharesTheStoredBytes() {
        ByteBuf body = MultipartByteRanges.body(stored.body(),
                List.of(new ByteRange(0, 1, 260), new ByteRange(258, 259, 260)), "text/plain", "B0UND");
        assertThat(body.toString(StandardCharsets.ISO_8859_1)).isEqualTo(
                "--B0UND\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/260\r\n\r\nab"
                        + "\r\n--B0UND\r\nContent-Type: text/plain\r\nContent-Range: bytes 258-259/260\r\n\r\nyz"
                        + "\r\n--B0UND--\r\n");
        stored.body().release(); // the cache lets go while the answer is still being written
        assertThat(StoredBody.liveBuffers()).as("the slices keep the stored bytes").isPositive();
        body.release();
        assertThat(StoredBody.liveBuffers()).isZero();
        stored = new StoredResponse(stored.url(), Map.of(), 200, "OK", stored.headers(), MODIFIED, MODIFIED,
                StoredBody.onHeap(new byte[0]));
    }

    @Test
    void rfc9110_15_3_7_2_severalRangesAreAnsweredMultipartOnTheWire() {
        String wire = wire(answer(HttpMethod.GET, "Range", "bytes=-2, 0-1"));
        String boundary = wire.replaceAll("(?s).*multipart/byteranges; boundary=([0-9a-f]+)\r\n.*", "$1");
        String body = "--" + boundary + "\r\nContent-Type: text/plain\r\nContent-Range: bytes 258-259/260\r\n\r\nyz"
                + "\r\n--" + boundary + "\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/260\r\n\r\nab"
                + "\r\n--" + boundary + "--\r\n";
        assertThat(wire).startsWith("HTTP/1.1 206 Partial Content\r\n")
                .contains("\r\ncontent-length: " + body.length() + "\r\n")
                .doesNotContain("content-range: bytes").doesNotContain("text/plain\r\nCache-Control")
                .endsWith("\r\n\r\n" + body);
    }

    @Test
    void rfc9110_15_3_7_overlappingRangesBecomeOneSinglePartRange() {
        FullHttpResponse response = answer(HttpMethod.GET, "Range", "bytes=0-4, 2-9");
        assertThat(response.status().code()).isEqualTo(206);
        assertThat(response.headers().get("Content-Range")).isEqualTo("bytes 0-9/260");
        assertThat(response.headers().get("Content-Type")).isEqualTo("text/plain");
        assertThat(body(response)).isEqualTo("abcdefghij");
    }

    @Test
    void rfc9110_13_1_5_matchingIfRangeGetsTheRange() {
        for (String validator : new String[] {"\"v1\"", LM}) {
            FullHttpResponse response = answer(HttpMethod.GET, "Range", "bytes=2-3", "If-Range", validator);
            assertThat(response.status().code()).as(validator).isEqualTo(206);
            assertThat(body(response)).isEqualTo("cd");
        }
    }

    @Test
    void rfc9110_13_1_5_failingOrMalformedIfRangeGetsTheWhole() {
        for (String validator : new String[] {"\"v2\"", "W/\"v1\"", "garbage", "\"v1", "",
                HttpDates.format(MODIFIED.plusSeconds(1))}) {
            FullHttpResponse response = answer(HttpMethod.GET, "Range", "bytes=2-3", "If-Range", validator);
            assertThat(response.status().code()).as(validator).isEqualTo(200);
            assertThat(response.headers().get("Content-Range")).isNull();
            assertThat(body(response)).isEqualTo(ALPHABET.repeat(10));
        }
    }

    @Test
    void rfc9110_14_2_malformedOrAbusiveRangesGetTheWhole() {
        StringBuilder many = new StringBuilder("bytes=0-0");
        for (int i = 1; i <= 16; i++) {
            many.append(",0-0");
        }
        for (String range : new String[] {"bytes=3-1", "bytes=1-x", "bytes=", "lines=1-2", "bytes=0-1,,x",
                many.toString()}) {
            FullHttpResponse response = answer(HttpMethod.GET, "Range", range);
            assertThat(response.status().code()).as(range).isEqualTo(200);
            assertThat(body(response)).hasSize(260);
        }
    }

    @Test
    void rfc9110_14_2_aHeadIgnoresRange() {
        FullHttpResponse response = answer(HttpMethod.HEAD, "Range", "bytes=0-1,4-5");
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.headers().get("Content-Length")).isEqualTo("260");
        assertThat(body(response)).isEmpty();
    }

    @Test
    void rfc9110_15_5_17_noSatisfiableRangeIs416() {
        FullHttpResponse response = answer(HttpMethod.GET, "Range", "bytes=300-400, 500-");
        assertThat(response.status().code()).isEqualTo(416);
        assertThat(response.headers().get("Content-Range")).isEqualTo("bytes */260");
        assertThat(body(response)).isEmpty();
    }

    @Test
    void rfc9110_15_5_13_failedPreconditionIs412WithoutTheStoredBody() {
        FullHttpResponse response = StoredAnswer.answer(Verdict.PRECONDITION_FAILED, stored,
                get(HttpMethod.GET, "If-Match", "\"v2\""), Duration.ZERO, "1.1 gw", false);
        assertThat(wire(response)).isEqualTo(
                "HTTP/1.1 412 Precondition Failed\r\ncontent-length: 0\r\nvia: 1.1 gw\r\nconnection: close\r\n\r\n");
    }
}
