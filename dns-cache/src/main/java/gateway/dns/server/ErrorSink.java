package gateway.dns.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of every pipeline: an exception ends here. A TCP connection is closed (the
 * stream may be out of sync, e.g. a frame too long); the UDP socket is shared by all clients
 * and stays open, so one bad packet or a failed send to one client never stops the server.
 */
@ChannelHandler.Sharable
final class ErrorSink extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorSink.class);

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (ctx.channel() instanceof DatagramChannel) {
      LOG.debug("udp error on {}: {}", ctx.channel().localAddress(), cause.toString());
    } else {
      LOG.debug("closing tcp {}: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    }
  }
}
