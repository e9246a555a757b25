package gateway.proxy.codec;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * The client-side response encoder, told which method the response answers so that a HEAD
 * response keeps its Content-Length / Transfer-Encoding headers but gets no body (RFC 9110
 * section 9.3.2). Netty's {@code HttpServerCodec} does this internally but cannot be combined with
 * the strict {@link ProxyRequestDecoder}. Responses on a connection are sequential and written
 * from its event loop, so one field suffices.
 */
public final class ProxyResponseEncoder extends HttpResponseEncoder {
    private HttpMethod method = HttpMethod.GET;

    /** Sets the method of the request the next response answers. Call on the channel's event loop. */
    public void respondingTo(HttpMethod requestMethod) {
        this.method = requestMethod;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        return HttpMethod.HEAD.equals(method) && msg.status().code() >= 200 || super.isContentAlwaysEmpty(msg);
    }
}
