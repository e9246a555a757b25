package gateway.proxy.handler;

import gateway.proxy.cache.ByteRange;
import gateway.proxy.cache.ByteRanges;
import gateway.proxy.cache.ConditionalRequest;
import gateway.proxy.cache.IfRange;
import gateway.proxy.cache.StoredResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the answer to a request from a stored response: its fields with a fresh Age (RFC 9111
 * section 5.1) and our Via, the body wrapped without copying, byte ranges as 206 (one range, or
 * multipart/byteranges for several) or 416 (RFC 9110 section 14), and the 304 or 412 the
 * client's own preconditions call for. The body is a slice of the stored off-heap buffer (or a
 * composite of slices) with references of its own, released when written, so an eviction
 * meanwhile cannot free it under the write.
 */
final class StoredAnswer {
    private static final HttpHeadersFactory UNCHECKED = DefaultHttpHeadersFactory.headersFactory()
            .withValidation(false);

    private StoredAnswer() {
    }

    /**
     * A 304 for a client whose condition the fresh stored response satisfies: the fields RFC 9110
     * section 15.4.5 asks for, no body.
     */
    static FullHttpResponse notModified(StoredResponse stored, HttpRequest request, Duration age, String via,
            boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED,
                Unpooled.EMPTY_BUFFER);
        HttpHeaders headers = response.headers();
        for (String name : List.of("Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary",
                "Last-Modified")) {
            for (String value : stored.headers().getAll(name)) {
                headers.add(name, value);
            }
        }
        headers.set(HttpHeaderNames.AGE, age.getSeconds());
        headers.add(HttpHeaderNames.VIA, via);
        connection(headers, request, keepAlive);
        return response;
    }

    /**
     * The stored fields into {@code headers}: views of the packed bytes (as on the wire), neither
     * decoded into strings nor copied, since every hit does this.
     */
    private static void copyFields(StoredResponse stored, HttpHeaders headers) {
        boolean packed = stored.headers().forEachPacked((bytes, nameAt, nameLength, valueAt, valueLength) ->
                headers.add(new AsciiString(bytes, nameAt, nameLength, false),
                        new AsciiString(bytes, valueAt, valueLength, false)));
        if (!packed) {
            stored.headers().forEach(headers::add);
        }
    }

    /**
     * The answer to a request a fresh stored response serves, after the client's own
     * preconditions ({@code verdict}): 304, 412, or the stored response (see {@link #build}).
     */
    static FullHttpResponse answer(ConditionalRequest.Verdict verdict, StoredResponse stored, HttpRequest request,
            Duration age, String via, boolean keepAlive) {
        return switch (verdict) {
            case NOT_MODIFIED -> notModified(stored, request, age, via, keepAlive);
            case PRECONDITION_FAILED -> preconditionFailed(request, via, keepAlive);
            case SERVE -> build(stored, request, age, via, keepAlive);
        };
    }

    /** A 412 for a client whose If-Match or If-Unmodified-Since the stored response fails (RFC 9110 section 15.5.13). */
    static FullHttpResponse preconditionFailed(HttpRequest request, String via, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.PRECONDITION_FAILED, Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).add(HttpHeaderNames.VIA, via);
        connection(response.headers(), request, keepAlive);
        return response;
    }

    /**
     * The stored response for the request, the whole of it or the ranges a GET asks for
     * ({@link #ranges}): one as 206 with Content-Range, several as 206 multipart/byteranges,
     * none satisfiable as 416. The caller must hold a reference to the stored body while calling.
     */
    static FullHttpResponse build(StoredResponse stored, HttpRequest request, Duration age, String via,
            boolean keepAlive) {
        int size = stored.body().length();
        HttpResponseStatus code = HttpResponseStatus.valueOf(stored.status(), stored.reason());
        ByteBuf content;
        long length = size;
        String contentRange = null;
        String multipartType = null;
        List<ByteRange> ranges = ranges(stored, request);
        if (ranges == null) {
            content = size == 0 || HttpMethod.HEAD.equals(request.method()) ? Unpooled.EMPTY_BUFFER
                    : stored.body().retainedSlice(0, size);
        } else if (ranges.get(0) == ByteRange.UNSATISFIABLE) {
            code = HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE;
            content = Unpooled.EMPTY_BUFFER;
            length = 0;
            contentRange = "bytes */" + size;
        } else if (ranges.size() == 1) {
            ByteRange r = ranges.get(0);
            code = HttpResponseStatus.PARTIAL_CONTENT;
            content = stored.body().retainedSlice((int) r.first(), (int) r.size());
            length = r.size();
            contentRange = r.contentRange();
        } else {
            code = HttpResponseStatus.PARTIAL_CONTENT;
            // The boundary need only be absent from the body in all likelihood; 64 random bits are.
            String boundary = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
            content = MultipartByteRanges.body(stored.body(), ranges, stored.headers().get("Content-Type"), boundary);
            length = content.readableBytes();
            multipartType = MultipartByteRanges.contentType(boundary);
        }
        // The stored fields were validated when they arrived; checking them again on every hit is waste.
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, code, content,
                UNCHECKED, UNCHECKED);
        HttpHeaders headers = response.headers();
        copyFields(stored, headers);
        headers.remove(HttpHeaderNames.CONTENT_LENGTH).remove(HttpHeaderNames.TRANSFER_ENCODING)
                .remove(HttpHeaderNames.CONNECTION);
        headers.set(HttpHeaderNames.AGE, age.getSeconds());
        headers.add(HttpHeaderNames.VIA, via);
        headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
        if (contentRange != null) {
            headers.set(HttpHeaderNames.CONTENT_RANGE, contentRange);
        }
        if (multipartType != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, multipartType);
        }
        connection(headers, request, keepAlive);
        return response;
    }

    /**
     * The ranges a GET asks of a stored 200 (RFC 9110 section 14.2), when its If-Range allows
     * them (section 13.1.5): null to send the whole, else what {@link ByteRanges#parse} says.
     */
    private static List<ByteRange> ranges(StoredResponse stored, HttpRequest request) {
        String range = request.headers().get(HttpHeaderNames.RANGE);
        if (range == null || stored.status() != 200 || !HttpMethod.GET.equals(request.method())
                || !IfRange.allowsRange(request.headers().get(HttpHeaderNames.IF_RANGE), stored.headers())) {
            return null;
        }
        return ByteRanges.parse(range, stored.body().length());
    }

    private static void connection(HttpHeaders headers, HttpRequest request, boolean keepAlive) {
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }
}
