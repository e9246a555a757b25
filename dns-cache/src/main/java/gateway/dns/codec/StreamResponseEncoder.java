package gateway.dns.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Encodes a {@link DnsResponse} for TCP: two-byte length, then the message (RFC 1035 4.2.2). */
@ChannelHandler.Sharable
public final class StreamResponseEncoder extends MessageToByteEncoder<DnsResponse> {

  @Override
  protected void encode(ChannelHandlerContext ctx, DnsResponse r, ByteBuf out) {
    byte[] wire = ResponseWire.encode(r.message(), Math.min(r.limit(), 65535));
    out.writeShort(wire.length).writeBytes(wire);
  }
}
