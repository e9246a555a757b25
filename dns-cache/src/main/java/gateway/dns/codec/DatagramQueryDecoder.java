package gateway.dns.codec;

import gateway.dns.policy.PayloadSize;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/** Decodes a UDP datagram into an {@link Inbound}; the response limit follows EDNS0. */
@ChannelHandler.Sharable
public final class DatagramQueryDecoder extends MessageToMessageDecoder<DatagramPacket> {

  @Override
  protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
    Inbound in = QueryParser.parse(packet.content(), packet.sender(), PayloadSize.CLASSIC);
    if (in instanceof Inbound.Query q) {
      in = new Inbound.Query(q.query(), q.client(), PayloadSize.udpLimit(q.query()));
    }
    out.add(in);
  }
}
