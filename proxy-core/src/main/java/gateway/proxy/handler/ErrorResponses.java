package gateway.proxy.handler;

import gateway.proxy.policy.ProxyFailure;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Renders a {@link ProxyFailure} as a short text/plain response naming the cause. */
final class ErrorResponses {
    private ErrorResponses() {
    }

    static FullHttpResponse render(ProxyFailure failure, String via, boolean close) {
        HttpResponseStatus status = failure.status() == 508 ? new HttpResponseStatus(508, "Loop Detected")
                : HttpResponseStatus.valueOf(failure.status());
        byte[] body = (status.code() + " " + status.reasonPhrase() + ": " + failure.cause() + "\n")
                .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set(HttpHeaderNames.VIA, via);
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }
}
