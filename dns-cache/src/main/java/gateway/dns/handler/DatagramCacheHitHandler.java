package gateway.dns.handler;

import gateway.dns.cache.CacheKey;
import gateway.dns.cache.CachedResponse;
import gateway.dns.cache.CachingResolver;
import gateway.dns.codec.ResponseTemplate;
import gateway.dns.codec.WireQuestion;
import gateway.dns.local.LocalZone;
import gateway.dns.metrics.DnsListener;
import gateway.dns.policy.PayloadSize;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;

/**
 * The cache-hit fast path for UDP, in front of the decoder: a plain query (see
 * {@link WireQuestion}) from an allowed client, for a name that is not local, whose answer is
 * fresh in the cache and fits the client's UDP size, is answered by copying the entry's
 * {@link ResponseTemplate}, with no dnsjava parse or render. Everything else goes on untouched
 * to the full path (decoder, {@link DnsQueryHandler}), which answers it as before: malformed
 * input, other opcodes, classes or EDNS versions, ANY, refused clients, local names, misses,
 * stale entries, answers that would need truncation. A hit counts and prefetches exactly as a
 * hit on the full path does.
 */
@ChannelHandler.Sharable
public final class DatagramCacheHitHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(DatagramCacheHitHandler.class);

  private final Predicate<InetAddress> access;
  private final LocalZone local;
  private final CachingResolver resolver;
  private final DnsListener listener;

  public DatagramCacheHitHandler(Predicate<InetAddress> access, LocalZone local,
      CachingResolver resolver, DnsListener listener) {
    this.access = access;
    this.local = local;
    this.resolver = resolver;
    this.listener = listener;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof DatagramPacket p) {
      ByteBuf answer = answer(p, ctx.alloc());
      if (answer != null) {
        InetSocketAddress client = p.sender();
        p.release();
        // the pipeline's FlushConsolidationHandler sends the read batch's answers together
        ctx.writeAndFlush(new DatagramPacket(answer, client), ctx.voidPromise());
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  /** The answer to {@code p} from the cache, or null when the full path must answer it. */
  ByteBuf answer(DatagramPacket p, ByteBufAllocator alloc) {
    ByteBuf in = p.content();
    WireQuestion q = WireQuestion.parse(in);
    if (q == null) {
      return null;
    }
    InetAddress client = p.sender().getAddress();
    if (!access.test(client) || local.covers(q.name())) {
      return null;
    }
    CacheKey key = new CacheKey(q.name(), q.type(), DClass.IN);
    long now = resolver.nowMillis();
    CachedResponse entry = resolver.fresh(key, now);
    if (entry == null) {
      return null;
    }
    ResponseTemplate template;
    try {
      template = entry.template(key);
    } catch (RuntimeException e) { // a bug must cost the fast path, not the answer
      LOG.warn("no wire template for {}; answering through the full path", key, e);
      return null;
    }
    int length = template.length(q.edns());
    int limit = q.edns() ? PayloadSize.udpLimit(q.ednsPayload()) : PayloadSize.CLASSIC;
    if (length > limit || template.questionLength() != q.questionLength()) {
      return null; // truncation (TC) is the full path's job
    }
    listener.queryReceived(client);
    resolver.hit(key, entry, q.nameText(in), now);
    ByteBuf out = alloc.ioBuffer(length);
    template.write(out, in, q, entry.elapsedSeconds(now));
    return out;
  }
}
