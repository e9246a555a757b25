package gateway.dns.upstream;

import gateway.dns.metrics.DnsListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;

/**
 * UDP exchange with an upstream. Every query gets its own socket, connected to the server
 * without a bind, so the kernel picks a random ephemeral source port for it (RFC 5452 section
 * 9.2); together with the random ID chosen by the caller that makes blind spoofing a guess
 * among ~2^32 values. Being connected, the socket only receives datagrams from the server's
 * address and port, and an ICMP port-unreachable fails the attempt at once instead of after
 * the timeout. Datagrams that do not match the query are ignored and reported.
 *
 * <p>The socket is registered on the loop after the one that asks (when the group has more
 * than one): the UDP listener then keeps its loop for cache hits and parsing queries while the
 * heavier half of a miss (the answer's parse, checks, scrubbing and storing) runs in parallel
 * on the other. Measured on two cores with dnsperf: more misses per second than keeping the
 * whole exchange on the asking loop, which capped misses at one core.
 */
public final class UdpUpstream implements UpstreamTransport {

  /** Largest answer we accept; we advertise 1232 upstream, so anything larger is bogus. */
  private static final int MAX_ANSWER = 4096;
  private static final FixedRecvByteBufAllocator ANSWER_BUFFERS =
      new FixedRecvByteBufAllocator(MAX_ANSWER);

  private final EventLoopGroup group;
  private final ChannelFactory<? extends DatagramChannel> channels;
  /** The channel class's constructor taking an address family, or null if it has none. */
  private final Constructor<? extends DatagramChannel> byFamily;
  private final DnsListener listener;

  public UdpUpstream(
      EventLoopGroup group, Class<? extends DatagramChannel> channelClass, DnsListener listener) {
    this.group = group;
    this.channels = new ReflectiveChannelFactory<>(channelClass);
    Constructor<? extends DatagramChannel> c;
    try {
      c = channelClass.getConstructor(SocketProtocolFamily.class);
    } catch (NoSuchMethodException e) {
      c = null;
    }
    this.byFamily = c;
    this.listener = listener;
  }

  /**
   * A socket of the server's own address family: for an IPv4 server a plain IPv4 socket
   * rather than a dual-stack IPv6 one (one system call less per query, the kernel's IPv4 path).
   */
  private DatagramChannel newChannel(InetSocketAddress server) {
    if (byFamily == null) {
      return channels.newChannel();
    }
    try {
      return byFamily.newInstance(server.getAddress() instanceof Inet6Address
          ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET);
    } catch (InvocationTargetException e) {
      throw new ChannelException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new ChannelException(e);
    }
  }

  @Override
  public CompletableFuture<Message> exchange(
      InetSocketAddress server, Message query, Duration timeout) {
    CompletableFuture<Message> result = new CompletableFuture<>();
    byte[] wire = query.toWire();
    EventLoop loop = upstreamLoop();
    Channel ch;
    try {
      ch = newChannel(server);
    } catch (RuntimeException e) { // e.g. out of file descriptors
      result.completeExceptionally(new UpstreamException("no socket: " + e));
      return result;
    }
    ch.config().setRecvByteBufAllocator(ANSWER_BUFFERS);
    ch.pipeline().addLast(new AnswerHandler(server, query, result));
    loop.register(ch).addListener(registered -> {
      if (!registered.isSuccess()) {
        ch.unsafe().closeForcibly();
        result.completeExceptionally(new UpstreamException("no socket: " + registered.cause()));
        return;
      }
      ScheduledFuture<?> timer = loop.schedule(
          () -> result.completeExceptionally(
              new UpstreamException("timeout after " + timeout.toMillis() + " ms")),
          timeout.toNanos(), TimeUnit.NANOSECONDS);
      result.whenComplete((m, e) -> {
        timer.cancel(false);
        ch.close();
      });
      ch.connect(server).addListener(connected -> {
        if (!connected.isSuccess()) {
          result.completeExceptionally(
              new UpstreamException("connect failed: " + connected.cause()));
          return;
        }
        ch.writeAndFlush(Unpooled.wrappedBuffer(wire)).addListener(w -> {
          if (!w.isSuccess()) {
            result.completeExceptionally(new UpstreamException("send failed: " + w.cause()));
          }
        });
      });
    });
    return result;
  }

  /**
   * The group's loop after the one running this thread (the first after the last); the
   * current loop only when it is the group's only one; the group's next loop when this thread
   * is not one of the group's (e.g. an admin lookup).
   */
  private EventLoop upstreamLoop() {
    EventLoop first = null;
    EventLoop current = null;
    boolean afterCurrent = false;
    for (EventExecutor e : group) {
      if (!(e instanceof EventLoop loop)) {
        continue;
      }
      if (afterCurrent) {
        return loop;
      }
      if (first == null) {
        first = loop;
      }
      if (loop.inEventLoop()) {
        current = loop;
        afterCurrent = true;
      }
    }
    if (current == null) {
      return group.next();
    }
    return first;
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
