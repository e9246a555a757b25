package gateway.dns.handler;

import gateway.dns.codec.DnsResponse;
import gateway.dns.codec.Inbound;
import gateway.dns.metrics.DnsListener;
import gateway.dns.policy.ClientRateLimiter;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Message;

/**
 * Hands each decoded query to the {@link QueryProcessor} and writes the answer back; malformed
 * input gets FORMERR (when it had a query header) or nothing. Counts queries in flight so
 * the server can drain on stop. Shared by every UDP and TCP channel.
 */
@ChannelHandler.Sharable
public final class DnsQueryHandler extends SimpleChannelInboundHandler<Inbound> {

  private final QueryProcessor processor;
  private final ClientRateLimiter limiter;
  private final DnsListener listener;
  private final AtomicInteger inFlight = new AtomicInteger();

  /** {@code limiter} may be null: no per-client rate limit. */
  public DnsQueryHandler(QueryProcessor processor, ClientRateLimiter limiter,
      DnsListener listener) {
    this.processor = processor;
    this.limiter = limiter;
    this.listener = listener;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Inbound in) {
    if (limiter != null && !limiter.allow(in.client().getAddress())) {
      listener.rateLimited(in.client().getAddress()); // dropped: no answer to amplify
      return;
    }
    if (in instanceof Inbound.Malformed m) {
      listener.malformedQuery(m.client().getAddress(), m.reason());
      if (m.answerable()) {
        ctx.writeAndFlush(new DnsResponse(Responses.formerr(m.id(), m.opcode()), m.client(),
            512)).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
      }
      return;
    }
    Inbound.Query q = (Inbound.Query) in;
    inFlight.incrementAndGet();
    processor.process(q.query(), q.client().getAddress(), false).whenComplete((r, e) -> {
      inFlight.decrementAndGet();
      Message response = r != null ? r : Responses.servfail(q.query());
      if (ctx.channel().isActive()) {
        ctx.writeAndFlush(new DnsResponse(response, q.client(), q.responseLimit()))
            .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
      }
    });
  }

  /** Queries received and not yet answered. */
  public int inFlight() {
    return inFlight.get();
  }
}
