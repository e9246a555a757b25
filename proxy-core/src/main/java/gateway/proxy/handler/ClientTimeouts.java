package gateway.proxy.handler;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * First handler of a client connection. Between requests it closes a connection that stays
 * silent for the idle timeout; once the first byte of a request head arrives it gives the client
 * the header-read timeout to finish the head and then fires {@link #HEAD_TIMEOUT} (answered with
 * 408). {@link ClientHandler} calls {@link #headReceived()} and {@link #awaitHead()}.
 */
final class ClientTimeouts extends ChannelDuplexHandler {
    /** User event: the request head did not complete in time. */
    static final Object HEAD_TIMEOUT = new Object();
    private final long idleMillis;
    private final long headMillis;
    private ChannelHandlerContext ctx;
    private boolean awaiting = true;
    private boolean headStarted;
    private ScheduledFuture<?> timer;

    ClientTimeouts(Duration idle, Duration head) {
        this.idleMillis = idle.toMillis();
        this.headMillis = head.toMillis();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        schedule(idleMillis, false);
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (awaiting && !headStarted && msg instanceof ByteBuf buf && buf.isReadable()) {
            headStarted = true;
            schedule(headMillis, true);
        }
        context.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        cancel();
        context.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        cancel();
    }

    /** A complete head arrived: no timeout applies while the exchange runs. */
    void headReceived() {
        awaiting = false;
        headStarted = false;
        cancel();
    }

    /** The exchange is over; wait for the next request. */
    void awaitHead() {
        awaiting = true;
        headStarted = false;
        schedule(idleMillis, false);
    }

    private void schedule(long millis, boolean head) {
        cancel();
        timer = ctx.executor().schedule(() -> {
            if (!awaiting) {
                return;
            }
            if (head) {
                ctx.fireUserEventTriggered(HEAD_TIMEOUT);
            } else {
                ctx.close();
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
