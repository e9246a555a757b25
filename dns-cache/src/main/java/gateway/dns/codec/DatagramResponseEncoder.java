package gateway.dns.codec;

import gateway.dns.metrics.DnsListener;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/** Encodes a {@link DnsResponse} into one datagram, truncated (TC) to the client's limit. */
@ChannelHandler.Sharable
public final class DatagramResponseEncoder extends MessageToMessageEncoder<DnsResponse> {

  private final DnsListener listener;

  public DatagramResponseEncoder(DnsListener listener) {
    this.listener = listener;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, DnsResponse r, List<Object> out) {
    byte[] wire = ResponseWire.encode(r.message(), r.limit());
    if (ResponseWire.truncated(wire)) {
      listener.responseTruncated(r.recipient().getAddress());
    }
    out.add(new DatagramPacket(Unpooled.wrappedBuffer(wire), r.recipient()));
  }
}
