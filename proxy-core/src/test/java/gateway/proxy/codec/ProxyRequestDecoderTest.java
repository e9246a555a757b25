package gateway.proxy.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real request bytes through the strict decoder (RFC 9112 sections 5.2, 6.3, 7.1). */
class ProxyRequestDecoderTest {

    private static List<HttpObject> decode(String... parts) {
        EmbeddedChannel ch = new EmbeddedChannel(new ProxyRequestDecoder(1024, 1024));
        for (String part : parts) {
            ch.writeInbound(Unpooled.copiedBuffer(part, StandardCharsets.ISO_8859_1));
        }
        List<HttpObject> out = new ArrayList<>();
        Object msg;
        while ((msg = ch.readInbound()) != null) {
            out.add((HttpObject) msg);
        }
        ch.finishAndReleaseAll();
        return out;
    }

    private static void releaseAll(List<HttpObject> objects) {
        objects.forEach(ReferenceCountUtil::release);
    }

    @Test
    void plainGetDecodesToRequestAndEmptyLastContent() {
        List<HttpObject> out = decode("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(out).hasSize(2);
        assertThat(((HttpRequest) out.get(0)).decoderResult().isSuccess()).isTrue();
        assertThat(out.get(1)).isInstanceOf(LastHttpContent.class);
        releaseAll(out);
    }

    @Test
    void contentLengthWithTransferEncodingIsRefusedRfc9112Section63() {
        List<HttpObject> out = decode("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        HttpRequest request = (HttpRequest) out.get(0);
        assertThat(request.decoderResult().cause()).isInstanceOf(SmugglingException.class);
        releaseAll(out);
    }

    @Test
    void conflictingContentLengthsAreRefusedRfc9112Section63() {
        List<HttpObject> out = decode("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd");
        assertThat(((HttpRequest) out.get(0)).decoderResult().isFailure()).isTrue();
        releaseAll(out);
    }

    @Test
    void duplicateEqualContentLengthsAreRefusedToo() {
        List<HttpObject> out = decode("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabc");
        assertThat(((HttpRequest) out.get(0)).decoderResult().isFailure()).isTrue();
        releaseAll(out);
    }

    @Test
    void badChunkSizeFailsTheContentRfc9112Section71() {
        List<HttpObject> out = decode("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n");
        assertThat(((HttpRequest) out.get(0)).decoderResult().isSuccess()).isTrue();
        assertThat(out).anySatisfy(o -> assertThat(o.decoderResult().isFailure()).isTrue());
        releaseAll(out);
    }

    @Test
    void chunkedNotLastEncodingIsRefused() {
        List<HttpObject> out = decode("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n");
        assertThat(out).isNotEmpty();
        assertThat(((HttpRequest) out.get(0)).decoderResult().isFailure()).isTrue();
        releaseAll(out);
    }

    @Test
    void obsFoldIsRefusedRfc9112Section52() {
        List<HttpObject> out = decode("GET / HTTP/1.1\r\nHost: x\r\nX-A: one\r\n two\r\n\r\n");
        HttpRequest request = (HttpRequest) out.get(0);
        assertThat(request.decoderResult().cause()).isInstanceOf(SmugglingException.class)
                .hasMessageContaining("obs-fold");
        releaseAll(out);
    }

    @Test
    void obsFoldSplitAcrossReadsIsStillSeen() {
        List<HttpObject> out = decode("GET / HTTP/1.1\r\nHost: x\r\nX-A: one\r\n", "\ttwo\r\n\r\n");
        assertThat(((HttpRequest) out.get(0)).decoderResult().isFailure()).isTrue();
        releaseAll(out);
    }

    @Test
    void obsFoldInSecondPipelinedRequestAfterBodyIsSeen() {
        List<HttpObject> out = decode("POST /1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                + "GET /2 HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n");
        List<HttpRequest> requests = out.stream().filter(HttpRequest.class::isInstance)
                .map(HttpRequest.class::cast).toList();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).decoderResult().isSuccess()).isTrue();
        assertThat(requests.get(1).decoderResult().isFailure()).isTrue();
        releaseAll(out);
    }

    @Test
    void bodyBytesStartingWithSpaceAreNotMistakenForObsFold() {
        List<HttpObject> out = decode("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\n", "\r\n abc",
                "GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
        List<HttpRequest> requests = out.stream().filter(HttpRequest.class::isInstance)
                .map(HttpRequest.class::cast).toList();
        assertThat(requests).hasSize(2).allSatisfy(r -> assertThat(r.decoderResult().isSuccess()).isTrue());
        long bodyBytes = out.stream().filter(HttpContent.class::isInstance)
                .mapToLong(c -> ((HttpContent) c).content().readableBytes()).sum();
        assertThat(bodyBytes).isEqualTo(6);
        releaseAll(out);
    }

    @Test
    void oversizeHeaderFailsWithTooLongHeader() {
        List<HttpObject> out = decode("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(2000) + "\r\n\r\n");
        assertThat(((HttpRequest) out.get(0)).decoderResult().cause()).isInstanceOf(TooLongHttpHeaderException.class);
        releaseAll(out);
    }

    @Test
    void oversizeRequestLineFailsWithTooLongLine() {
        List<HttpObject> out = decode("GET /" + "a".repeat(2000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(((HttpRequest) out.get(0)).decoderResult().cause()).isInstanceOf(TooLongHttpLineException.class);
        releaseAll(out);
    }

    @Test
    void truncatedHeadProducesNothingYet() {
        List<HttpObject> out = decode("GET / HTTP/1.1\r\nHost: x\r\nX-Partial: ab");
        assertThat(out).isEmpty();
    }

    @Test
    void garbageRequestLineFails() {
        List<HttpObject> out = decode("\u0001\u0002 nonsense\r\n\r\n");
        assertThat(out).isNotEmpty();
        assertThat(out.get(0).decoderResult().isFailure()).isTrue();
        releaseAll(out);
    }

    @Test
    void bareLfLineEndingIsRefusedUnderStrictParsing() {
        List<HttpObject> out = decode("GET / HTTP/1.1\nHost: x\n\n");
        assertThat(out).isNotEmpty();
        assertThat(out.get(0).decoderResult().isFailure()).isTrue();
        releaseAll(out);
    }

    @Test
    void noBufferLeaksAfterChunkedBody() {
        EmbeddedChannel ch = new EmbeddedChannel(new ProxyRequestDecoder(1024, 1024));
        ByteBuf in = Unpooled.copiedBuffer("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n0\r\n\r\n", StandardCharsets.ISO_8859_1);
        ch.writeInbound(in);
        List<Object> out = new ArrayList<>();
        Object msg;
        while ((msg = ch.readInbound()) != null) {
            out.add(msg);
        }
        assertThat(out.get(0)).isInstanceOf(HttpRequest.class);
        assertThat(out.get(out.size() - 1)).isInstanceOf(LastHttpContent.class);
        out.forEach(ReferenceCountUtil::release);
        assertThat(in.refCnt()).isZero();
        assertThat(ch.finish()).isFalse();
    }
}
