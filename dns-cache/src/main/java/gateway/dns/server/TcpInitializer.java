package gateway.dns.server;

import gateway.dns.codec.QueryParser;
import gateway.dns.codec.StreamQueryDecoder;
import gateway.dns.codec.StreamResponseEncoder;
import gateway.dns.handler.ClientRateGate;
import gateway.dns.handler.DnsQueryHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of one TCP connection (RFC 7766):
 * <pre>
 *  bytes ─▶ FlushConsolidationHandler ─▶ ReadTimeoutHandler ─▶ LengthFieldBasedFrameDecoder ─▶ [ClientRateGate] ─▶ StreamQueryDecoder
 *        ─▶ DnsQueryHandler ─▶ (QueryProcessor)
 *  bytes ◀─ StreamResponseEncoder ◀─ (answers, possibly out of order: section 7)
 *  exceptions (frame too long, timeout) ─▶ ErrorSink (closes the connection)
 * </pre>
 * Frames longer than a query can be are refused by closing: reading them would only help
 * an attacker tie up memory.
 */
final class TcpInitializer extends ChannelInitializer<SocketChannel> {

  /** RFC 7766 section 6.2.3 asks for idle timeouts of a few seconds. */
  static final int IDLE_SECONDS = 10;

  private final StreamQueryDecoder decoder = new StreamQueryDecoder();
  private final StreamResponseEncoder encoder = new StreamResponseEncoder();
  private final ClientRateGate gate;
  private final DnsQueryHandler handler;
  private final ChannelGroup connections;
  private final ErrorSink errors = new ErrorSink();

  /**
   * {@code connections} tracks open connections so stop() can close them; {@code gate} may be
   * null (no per-client rate limit).
   */
  TcpInitializer(ClientRateGate gate, DnsQueryHandler handler, ChannelGroup connections) {
    this.gate = gate;
    this.handler = handler;
    this.connections = connections;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    connections.add(ch);
    ch.pipeline().addLast(
        new FlushConsolidationHandler(UdpInitializer.FLUSH_AFTER, true),
        new ReadTimeoutHandler(IDLE_SECONDS, TimeUnit.SECONDS),
        new LengthFieldBasedFrameDecoder(QueryParser.MAX_QUERY_BYTES, 0, 2, 0, 2));
    if (gate != null) {
      ch.pipeline().addLast(gate);
    }
    ch.pipeline().addLast(encoder, decoder, handler, errors);
  }
}
