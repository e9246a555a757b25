package gateway.proxy.upstream;

import gateway.proxy.policy.UpstreamTimeoutException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;

/**
 * Last handler of an upstream connection: hands response parts to the exchange that leased the
 * connection and closes the connection when it idles in the pool or misbehaves there.
 */
public final class UpstreamHandler extends ChannelInboundHandlerAdapter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UpstreamHandler.class);
    private UpstreamExchange exchange;
    private boolean awaitingHead;

    /** Leases the connection to an exchange; it now waits for a response head. */
    public void attach(UpstreamExchange owner) {
        this.exchange = owner;
        this.awaitingHead = true;
    }

    /** Returns the connection to the pool's care. */
    public void detach() {
        this.exchange = null;
        this.awaitingHead = false;
    }

    public boolean attached() {
        return exchange != null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (exchange == null || !(msg instanceof HttpObject)) {
            // Unsolicited bytes on an idle pooled connection: it is no longer in a known state.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        awaitingHead = false;
        exchange.upstreamRead((HttpObject) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.upstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.upstreamWritabilityChanged();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle) {
            if (exchange == null && idle.state() == io.netty.handler.timeout.IdleState.ALL_IDLE) {
                ctx.close();
            } else if (exchange != null && awaitingHead
                    && idle.state() == io.netty.handler.timeout.IdleState.READER_IDLE) {
                UpstreamExchange owner = exchange;
                exchange = null;
                ctx.close();
                owner.upstreamFailed(new UpstreamTimeoutException("no response head"));
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(new ClosedChannelException());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("upstream {} failed: {}", ctx.channel(), cause.toString());
        ctx.close();
        fail(cause);
    }

    private void fail(Throwable cause) {
        UpstreamExchange owner = exchange;
        exchange = null;
        if (owner != null) {
            owner.upstreamFailed(cause);
        }
    }
}
