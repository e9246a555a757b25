package gateway.dns.server;

import gateway.dns.codec.DatagramQueryDecoder;
import gateway.dns.codec.DatagramResponseEncoder;
import gateway.dns.handler.ClientRateGate;
import gateway.dns.handler.DatagramCacheHitHandler;
import gateway.dns.handler.DnsQueryHandler;
import gateway.dns.metrics.DnsListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * The UDP pipeline:
 * <pre>
 *  DatagramPacket ─▶ FlushConsolidationHandler ─▶ [ClientRateGate] ─▶ DatagramCacheHitHandler
 *                                                       ──(fresh hit)──▶ DatagramPacket
 *     │ (anything else, untouched)
 *     ▼
 *  DatagramQueryDecoder ─▶ DnsQueryHandler ─▶ (QueryProcessor)
 *                                │
 *  DatagramPacket ◀─ DatagramResponseEncoder ◀─┘  (truncates to the client's size, TC)
 *  exceptions ─▶ ErrorSink (logged; the socket stays open)
 * </pre>
 * The fast path sits before the encoder, so its ready datagrams skip it on the way out.
 * Every writer flushes; the FlushConsolidationHandler turns the flushes of one read batch
 * into one (at the end of the batch), and those of answers that arrive from upstreams
 * within one event-loop turn into one as well, so epoll sends them with one sendmmsg.
 */
final class UdpInitializer extends ChannelInitializer<DatagramChannel> {

  /** Answers written before a flush is forced even within one batch. */
  static final int FLUSH_AFTER = 64;

  private final ClientRateGate gate;
  private final DatagramCacheHitHandler fastPath;
  private final DatagramQueryDecoder decoder = new DatagramQueryDecoder();
  private final DatagramResponseEncoder encoder;
  private final DnsQueryHandler handler;
  private final ErrorSink errors = new ErrorSink();

  /** {@code gate} may be null: no per-client rate limit. */
  UdpInitializer(ClientRateGate gate, DatagramCacheHitHandler fastPath, DnsQueryHandler handler,
      DnsListener listener) {
    this.gate = gate;
    this.fastPath = fastPath;
    this.handler = handler;
    this.encoder = new DatagramResponseEncoder(listener);
  }

  @Override
  protected void initChannel(DatagramChannel ch) {
    ch.pipeline().addLast(new FlushConsolidationHandler(FLUSH_AFTER, true));
    if (gate != null) {
      ch.pipeline().addLast(gate);
    }
    ch.pipeline().addLast(fastPath, encoder, decoder, handler, errors);
  }
}
