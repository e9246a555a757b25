package gateway.proxy.handler;

import gateway.proxy.cache.ByteRange;
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

/**
 * Builds the answer to a request from a stored response: its fields with a fresh Age (RFC 9111
 * section 5.1) and our Via, the body wrapped without copying, and a single byte range as 206 (or
 * 416 outside the object, RFC 9110 section 14) when the request asks for one without If-Range.
 * The body is a slice of the stored off-heap buffer with a reference of its own, released when
 * written, so an eviction meanwhile cannot free it under the write.
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
        for (String name : java.util.List.of("Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary",
                "Last-Modified")) {
            for (String value : stored.headers().getAll(name)) {
                headers.add(name, value);
            }
        }
        headers.set(HttpHeaderNames.AGE, age.getSeconds());
        headers.add(HttpHeaderNames.VIA, via);
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
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

    /** The answer; the caller must hold a reference to the stored body while calling. */
    static FullHttpResponse build(StoredResponse stored, HttpRequest request, Duration age, String via,
            boolean keepAlive) {
        int size = stored.body().length();
        HttpResponseStatus code = HttpResponseStatus.valueOf(stored.status(), stored.reason());
        int from = 0;
        int length = size;
        String contentRange = null;
        String range = request.headers().get(HttpHeaderNames.RANGE);
        if (range != null && stored.status() == 200 && !request.headers().contains(HttpHeaderNames.IF_RANGE)) {
            ByteRange r = ByteRange.parse(range, size);
            if (r == ByteRange.UNSATISFIABLE) {
                code = HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE;
                length = 0;
                contentRange = "bytes */" + size;
            } else if (r != null) {
                code = HttpResponseStatus.PARTIAL_CONTENT;
                from = (int) r.first();
                length = (int) r.size();
                contentRange = r.contentRange();
            }
        }
        ByteBuf content = length == 0 || HttpMethod.HEAD.equals(request.method()) ? Unpooled.EMPTY_BUFFER
                : stored.body().retainedSlice(from, length);
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
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return response;
    }
}
