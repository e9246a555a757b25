package gateway.dns.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Decodes one TCP frame (after the length prefix was removed) into an {@link Inbound}. Over
 * TCP a response may use the full 65535 bytes (RFC 7766 section 8).
 */
@ChannelHandler.Sharable
public final class StreamQueryDecoder extends MessageToMessageDecoder<ByteBuf> {

  /** Largest DNS message over TCP: the length prefix is 16 bits. */
  public static final int TCP_LIMIT = 65535;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
    out.add(QueryParser.parse(frame, (InetSocketAddress) ctx.channel().remoteAddress(),
        TCP_LIMIT));
  }
}
