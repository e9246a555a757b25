package gateway.dns.upstream;

import gateway.dns.metrics.DnsListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;

/**
 * UDP exchange with an upstream. Every query gets its own socket bound to port 0, so the
 * kernel picks a random ephemeral source port (RFC 5452 section 9.2); together with the random
 * ID chosen by the caller that makes blind spoofing a guess among ~2^32 values. Datagrams from
 * any other address or port, or that do not match the query, are ignored and reported.
 */
public final class UdpUpstream implements UpstreamTransport {

  /** Largest answer we accept; we advertise 1232 upstream, so anything larger is bogus. */
  private static final int MAX_ANSWER = 4096;

  private final EventLoopGroup group;
  private final Class<? extends DatagramChannel> channelClass;
  private final DnsListener listener;

  public UdpUpstream(
      EventLoopGroup group, Class<? extends DatagramChannel> channelClass, DnsListener listener) {
    this.group = group;
    this.channelClass = channelClass;
    this.listener = listener;
  }

  @Override
  public CompletableFuture<Message> exchange(
      InetSocketAddress server, Message query, Duration timeout) {
    CompletableFuture<Message> result = new CompletableFuture<>();
    byte[] wire = query.toWire();
    Bootstrap b = new Bootstrap()
        .group(group)
        .channel(channelClass)
        .option(io.netty.channel.ChannelOption.RCVBUF_ALLOCATOR,
            new FixedRecvByteBufAllocator(MAX_ANSWER))
        .handler(new AnswerHandler(server, query, result));
    InetSocketAddress local = server.getAddress() instanceof Inet6Address
        ? new InetSocketAddress("::", 0) : new InetSocketAddress("0.0.0.0", 0);
    ChannelFuture bind = b.bind(local);
    Channel ch = bind.channel();
    bind.addListener(f -> {
      if (!f.isSuccess()) {
        result.completeExceptionally(new UpstreamException("bind failed: " + f.cause()));
        return;
      }
      ScheduledFuture<?> timer = ch.eventLoop().schedule(
          () -> result.completeExceptionally(
              new UpstreamException("timeout after " + timeout.toMillis() + " ms")),
          timeout.toNanos(), TimeUnit.NANOSECONDS);
      result.whenComplete((m, e) -> {
        timer.cancel(false);
        ch.close();
      });
      ch.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(wire), server))
          .addListener(w -> {
            if (!w.isSuccess()) {
              result.completeExceptionally(new UpstreamException("send failed: " + w.cause()));
            }
          });
    });
    return result;
  }

  private final class AnswerHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final InetSocketAddress server;
    private final Message query;
    private final CompletableFuture<Message> result;

    AnswerHandler(InetSocketAddress server, Message query, CompletableFuture<Message> result) {
      this.server = server;
      this.query = query;
      this.result = result;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      if (!packet.sender().equals(server)) {
        listener.spoofSuspected(packet.sender(), "answer from an address not queried");
        return;
      }
      ByteBuf content = packet.content();
      Message answer;
      try {
        answer = new Message(content.nioBuffer());
      } catch (Exception e) {
        listener.spoofSuspected(packet.sender(), "unparsable answer: " + e.getMessage());
        return;
      }
      Optional<String> problem = AnswerValidator.problem(query, answer);
      if (problem.isPresent()) {
        listener.spoofSuspected(packet.sender(), problem.get());
        return;
      }
      result.complete(answer);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // e.g. ICMP port unreachable surfacing as PortUnreachableException: the server is down
      result.completeExceptionally(new UpstreamException("udp error: " + cause));
    }
  }
}
