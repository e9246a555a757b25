package gateway.dns.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sits in the TCP listener's own pipeline, before Netty's acceptor, and sees every accepted
 * connection in accept order: beyond {@code max} open connections a new one is closed before it
 * is registered (RFC 7766 section 6.2.2 asks servers to bound their connections), so idle or
 * slow clients cannot tie up the server.
 */
final class TcpConnectionLimiter extends ChannelInboundHandlerAdapter {

  private final int max;
  private final AtomicInteger open = new AtomicInteger();

  TcpConnectionLimiter(int max) {
    this.max = max;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Channel child = (Channel) msg;
    if (open.get() >= max) {
      child.unsafe().closeForcibly();
      return;
    }
    open.incrementAndGet();
    child.closeFuture().addListener(f -> open.decrementAndGet());
    ctx.fireChannelRead(msg);
  }
}
