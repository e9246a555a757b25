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

  private static final InetSocketAddress UNKNOWN = new InetSocketAddress("0.0.0.0", 0);

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
    // A TCP channel's peer is always an InetSocketAddress; anything else (tests' embedded
    // channels) becomes the unspecified address, which no access predicate should accept.
    InetSocketAddress client = ctx.channel().remoteAddress() instanceof InetSocketAddress isa
        ? isa : UNKNOWN;
    out.add(QueryParser.parse(frame, client, TCP_LIMIT));
  }
}
