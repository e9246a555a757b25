package gateway.dns.server;

import gateway.dns.codec.DatagramQueryDecoder;
import gateway.dns.codec.DatagramResponseEncoder;
import gateway.dns.handler.DnsQueryHandler;
import gateway.dns.metrics.DnsListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramChannel;

/**
 * The UDP pipeline:
 * <pre>
 *  DatagramPacket ─▶ DatagramQueryDecoder ─▶ DnsQueryHandler ─▶ (QueryProcessor)
 *                                                  │
 *  DatagramPacket ◀─ DatagramResponseEncoder ◀─────┘  (truncates to the client's size, TC)
 *  exceptions ─▶ ErrorSink (logged; the socket stays open)
 * </pre>
 */
final class UdpInitializer extends ChannelInitializer<DatagramChannel> {

  private final DatagramQueryDecoder decoder = new DatagramQueryDecoder();
  private final DatagramResponseEncoder encoder;
  private final DnsQueryHandler handler;
  private final ErrorSink errors = new ErrorSink();

  UdpInitializer(DnsQueryHandler handler, DnsListener listener) {
    this.handler = handler;
    this.encoder = new DatagramResponseEncoder(listener);
  }

  @Override
  protected void initChannel(DatagramChannel ch) {
    ch.pipeline().addLast(encoder, decoder, handler, errors);
  }
}
