package gateway.proxy.handler;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Fits an origin's response head to the client's connection (RFC 9112 sections 6 and 9): a body
 * that ends when the origin closes is re-framed as chunked for a keep-alive HTTP/1.1 client (or
 * ends the client connection too); chunked bodies to HTTP/1.0 clients are sent raw and end with
 * the connection; Connection says what will happen.
 */
final class ResponseFraming {
    private ResponseFraming() {
    }

    /**
     * Rewrites the head's framing fields in place.
     *
     * @return whether the client connection must close after this response
     */
    static boolean apply(HttpResponse response, HttpRequest request, boolean clientKeepAlive, boolean upgrade,
            String upgradeTo) {
        HttpHeaders headers = response.headers();
        int code = response.status().code();
        boolean closeClient = false;
        boolean http10Client = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        boolean bodyless = HttpMethod.HEAD.equals(request.method()) || code == 204 || code == 304 || upgrade;
        boolean chunked = HttpUtil.isTransferEncodingChunked(response);
        if (!bodyless && !chunked && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            if (http10Client || !clientKeepAlive) {
                closeClient = true;
            } else {
                HttpUtil.setTransferEncodingChunked(response, true);
            }
        }
        if (chunked && http10Client) {
            headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
            closeClient = true;
        }
        if (upgrade) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            if (upgradeTo != null) {
                headers.set(HttpHeaderNames.UPGRADE, upgradeTo);
            }
        } else if (!clientKeepAlive || closeClient) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10Client) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return closeClient;
    }
}
