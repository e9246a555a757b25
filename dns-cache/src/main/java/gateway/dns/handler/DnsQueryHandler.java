package gateway.dns.handler;

import gateway.dns.codec.DnsResponse;
import gateway.dns.codec.Inbound;
import gateway.dns.metrics.DnsListener;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Message;

/**
 * Hands each decoded query to the {@link QueryProcessor} and writes the answer back; malformed
 * input gets FORMERR (when it had a query header) or nothing. Counts queries in flight so
 * the server can drain on stop. Shared by every UDP and TCP channel; the rate limit
 * ({@link ClientRateGate}) and the cache-hit fast path ({@link DatagramCacheHitHandler}) come
 * before it.
 */
@ChannelHandler.Sharable
public final class DnsQueryHandler extends SimpleChannelInboundHandler<Inbound> {

  private final QueryProcessor processor;
  private final DnsListener listener;
  private final AtomicInteger inFlight = new AtomicInteger();

  public DnsQueryHandler(QueryProcessor processor, DnsListener listener) {
    this.processor = processor;
    this.listener = listener;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Inbound in) {
    if (in instanceof Inbound.Malformed m) {
      listener.malformedQuery(m.client().getAddress(), m.reason());
      if (m.answerable()) {
        ctx.writeAndFlush(new DnsResponse(Responses.formerr(m.id(), m.opcode()), m.client(),
            512)).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
      }
      return;
    }
    Inbound.Query q = (Inbound.Query) in;
    CompletableFuture<Message> answer = processor.process(q.query(), q.client().getAddress(),
        false);
    if (answer.isDone() && !answer.isCompletedExceptionally()) {
      // answered on the spot (cache, local names, errors); the pipeline's
      // FlushConsolidationHandler makes the flushes of a read batch one system call
      ctx.writeAndFlush(new DnsResponse(orServfail(answer.getNow(null), q), q.client(),
          q.responseLimit())).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
      return;
    }
    inFlight.incrementAndGet();
    answer.whenComplete((r, e) -> {
      inFlight.decrementAndGet();
      if (ctx.channel().isActive()) {
        ctx.writeAndFlush(new DnsResponse(orServfail(r, q), q.client(), q.responseLimit()))
            .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
      }
    });
  }

  private static Message orServfail(Message r, Inbound.Query q) {
    return r != null ? r : Responses.servfail(q.query());
  }

  /** Queries received and not yet answered. */
  public int inFlight() {
    return inFlight.get();
  }
}
