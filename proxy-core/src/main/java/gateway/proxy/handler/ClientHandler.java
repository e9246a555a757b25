package gateway.proxy.handler;

import gateway.proxy.codec.ProxyResponseEncoder;
import gateway.proxy.metrics.AccessRecord;
import gateway.proxy.metrics.CacheResult;
import gateway.proxy.policy.Failures;
import gateway.proxy.policy.ProxyFailure;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * Runs the requests of one client connection one after another. A request starts an
 * {@link Exchange}; messages that arrive while one is running (pipelined requests) wait in a
 * queue, and reading pauses so the queue stays within one socket read. Reading is on only while
 * the connection waits for a request or the running exchange can take more request body.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private final ProxyServices services;
    private final boolean transparent;
    private final ClientTimeouts timeouts;
    private final ProxyResponseEncoder encoder;
    private final ArrayDeque<HttpObject> queued = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Exchange current;

    ClientHandler(ProxyServices services, boolean transparent, ClientTimeouts timeouts, ProxyResponseEncoder encoder) {
        this.services = services;
        this.transparent = transparent;
        this.timeouts = timeouts;
        this.encoder = encoder;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (!(msg instanceof HttpObject object)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (current != null && queued.isEmpty() && object instanceof HttpContent content
                && current.wantsRequestBody()) {
            current.requestContent(content);
        } else if (current != null || !queued.isEmpty()) {
            queued.add(object);
        } else {
            start(object);
        }
        updateReading();
    }

    private void start(HttpObject object) {
        if (!(object instanceof HttpRequest request)) {
            // Body of a request already answered (an error before its body was read): drop it.
            ReferenceCountUtil.release(object);
            return;
        }
        timeouts.headReceived();
        encoder.respondingTo(request.method());
        current = new Exchange(services, this, ctx.channel(), transparent);
        current.begin(request);
    }

    /** Called by the running exchange when its response is complete. */
    void exchangeFinished(boolean keepOpen) {
        current = null;
        if (!keepOpen) {
            releaseQueued();
            return;
        }
        timeouts.awaitHead();
        while (current == null && !queued.isEmpty()) {
            start(queued.poll());
            while (current != null && queued.peek() instanceof HttpContent content
                    && !(queued.peek() instanceof HttpRequest) && current.wantsRequestBody()) {
                queued.poll();
                current.requestContent(content);
            }
        }
        updateReading();
    }

    /** Switches reading on or off to match what the connection can take now. */
    void updateReading() {
        boolean read = current == null ? queued.isEmpty() : queued.isEmpty() && current.readyForRequestBody();
        ctx.channel().config().setAutoRead(read);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (current != null) {
            current.clientWritabilityChanged();
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) {
        if (evt == ClientTimeouts.HEAD_TIMEOUT && current == null) {
            respondWithoutRequest(context.channel(), Failures.slowRequestHead());
            return;
        }
        context.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (current != null) {
            current.clientGone();
            current = null;
        }
        releaseQueued();
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close();
    }

    private void releaseQueued() {
        HttpObject object;
        while ((object = queued.poll()) != null) {
            ReferenceCountUtil.release(object);
        }
    }

    boolean idle() {
        return current == null && queued.isEmpty();
    }

    /** The exchange turned the connection into a tunnel; this handler is being removed. */
    void tunnelled() {
        current = null;
        releaseQueued();
    }

    /** Answers a connection that never completed a request head (408), then closes it. */
    private void respondWithoutRequest(Channel client, ProxyFailure failure) {
        FullHttpResponse response = ErrorResponses.render(failure, services.loops.viaElement("1.1"), true);
        long length = response.content().readableBytes();
        client.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        Instant now = services.clock.instant();
        services.listener.requestCompleted(new AccessRecord(now, (InetSocketAddress) client.remoteAddress(), "-",
                "-", failure.status(), CacheResult.BYPASS, length, Duration.ZERO));
    }
}
