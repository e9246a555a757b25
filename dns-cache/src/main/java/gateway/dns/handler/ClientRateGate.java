package gateway.dns.handler;

import gateway.dns.metrics.DnsListener;
import gateway.dns.policy.ClientRateLimiter;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The per-client rate limit, in front of every other handler of the UDP and TCP pipelines (on
 * TCP after the framing, so it counts queries): a datagram or frame from a client over its
 * rate is dropped and counted before anything parses it, so neither the cache-hit fast path
 * nor the full path answers it. Dropped, not answered: an answer would still hand a spoofed
 * source the traffic (as unbound's ip-ratelimit does).
 */
@ChannelHandler.Sharable
public final class ClientRateGate extends ChannelInboundHandlerAdapter {

  private static final InetAddress UNKNOWN = new InetSocketAddress("0.0.0.0", 0).getAddress();

  private final ClientRateLimiter limiter;
  private final DnsListener listener;

  public ClientRateGate(ClientRateLimiter limiter, DnsListener listener) {
    this.limiter = limiter;
    this.listener = listener;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    InetAddress client = client(ctx, msg);
    if (!limiter.allow(client)) {
      listener.rateLimited(client);
      ReferenceCountUtil.release(msg);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  /** The sender of a datagram, or the peer of a TCP connection (unspecified if unknown). */
  private static InetAddress client(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof DatagramPacket p) {
      return p.sender().getAddress();
    }
    return ctx.channel().remoteAddress() instanceof InetSocketAddress a
        ? a.getAddress() : UNKNOWN;
  }
}
