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
    /**
     * One pending check per connection, never further ahead than {@link #period}: a new deadline
     * is a field write, not a timer scheduled and cancelled twice per request.
     */
    private ScheduledFuture<?> timer;
    private final long period;
    private boolean armed;
    private boolean headDeadline;
    private long deadline;

    ClientTimeouts(Duration idle, Duration head) {
        this.idleMillis = idle.toMillis();
        this.headMillis = head.toMillis();
        this.period = Math.max(1, Math.min(idleMillis, headMillis));
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
        disarm();
    }

    /** The exchange is over; wait for the next request. */
    void awaitHead() {
        awaiting = true;
        headStarted = false;
        schedule(idleMillis, false);
    }

    private void schedule(long millis, boolean head) {
        armed = true;
        headDeadline = head;
        deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        if (timer == null) {
            timer = ctx.executor().schedule(this::check, Math.min(millis, period), TimeUnit.MILLISECONDS);
        }
    }

    /** The pending check ran: act if the deadline passed, else check again before it. */
    private void check() {
        timer = null;
        if (!armed) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            timer = ctx.executor().schedule(this::check, Math.min(left, TimeUnit.MILLISECONDS.toNanos(period)),
                    TimeUnit.NANOSECONDS);
            return;
        }
        armed = false;
        if (!awaiting) {
            return;
        }
        if (headDeadline) {
            ctx.fireUserEventTriggered(HEAD_TIMEOUT);
        } else {
            ctx.close();
        }
    }

    /** No deadline now; a pending check finds nothing to do and is not renewed. */
    private void disarm() {
        armed = false;
    }

    private void cancel() {
        armed = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
