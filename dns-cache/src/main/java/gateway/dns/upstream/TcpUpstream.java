package gateway.dns.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;

/**
 * TCP exchange with an upstream (RFC 7766), used when a UDP answer came back truncated: one
 * connection per query, two-byte length prefix, the same ID and question checks as UDP. With
 * an {@link SslContext} it is DNS over TLS (RFC 7858): the server's certificate must be valid
 * for the configured name (SNI and hostname verification), or the attempt fails.
 */
public final class TcpUpstream implements UpstreamTransport {

  private final EventLoopGroup group;
  private final Class<? extends SocketChannel> channelClass;
  private final SslContext tls;
  private final Map<InetSocketAddress, String> tlsNames;

  /** Plain TCP. */
  public TcpUpstream(EventLoopGroup group, Class<? extends SocketChannel> channelClass) {
    this(group, channelClass, null, Map.of());
  }

  /** DNS over TLS: {@code tlsNames} gives the name each server's certificate must carry. */
  public TcpUpstream(EventLoopGroup group, Class<? extends SocketChannel> channelClass,
      SslContext tls, Map<InetSocketAddress, String> tlsNames) {
    this.group = group;
    this.channelClass = channelClass;
    this.tls = tls;
    this.tlsNames = Map.copyOf(tlsNames);
  }

  /**
   * A client context that checks certificates against {@code caFile} (PEM), or the JDK's
   * trust store when null, with hostname verification on.
   */
  public static SslContext tlsContext(java.io.File caFile) throws javax.net.ssl.SSLException {
    SslContextBuilder b = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS");
    if (caFile != null) {
      b.trustManager(caFile);
    }
    return b.build();
  }

  @Override
  public CompletableFuture<Message> exchange(
      InetSocketAddress server, Message query, Duration timeout) {
    CompletableFuture<Message> result = new CompletableFuture<>();
    byte[] wire = query.toWire();
    Bootstrap b = new Bootstrap()
        .group(group)
        .channel(channelClass)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (tls != null) {
              String name = tlsNames.get(server);
              if (name == null) {
                throw new IllegalStateException("no TLS name for " + server);
              }
              SslHandler ssl = tls.newHandler(ch.alloc(), name, server.getPort());
              ch.pipeline().addLast(ssl);
            }
            ch.pipeline()
                .addLast(new LengthFieldBasedFrameDecoder(65535, 0, 2, 0, 2))
                .addLast(new AnswerHandler(query, result));
          }
        });
    ChannelFuture connect = b.connect(server);
    Channel ch = connect.channel();
    ScheduledFuture<?> timer = ch.eventLoop().schedule(
        () -> result.completeExceptionally(
            new UpstreamException("tcp timeout after " + timeout.toMillis() + " ms")),
        timeout.toNanos(), TimeUnit.NANOSECONDS);
    result.whenComplete((m, e) -> {
      timer.cancel(false);
      ch.close();
    });
    connect.addListener(f -> {
      if (!f.isSuccess()) {
        result.completeExceptionally(new UpstreamException("tcp connect failed: " + f.cause()));
        return;
      }
      ByteBuf out = Unpooled.buffer(wire.length + 2);
      out.writeShort(wire.length).writeBytes(wire);
      ch.writeAndFlush(out);
    });
    return result;
  }

  private static final class AnswerHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private final Message query;
    private final CompletableFuture<Message> result;

    AnswerHandler(Message query, CompletableFuture<Message> result) {
      this.query = query;
      this.result = result;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
      try {
        Message answer = new Message(frame.nioBuffer());
        Optional<String> problem = AnswerValidator.problem(query, answer);
        if (problem.isPresent()) {
          result.completeExceptionally(new UpstreamException("tcp answer: " + problem.get()));
        } else {
          result.complete(answer);
        }
      } catch (Exception e) {
        result.completeExceptionally(new UpstreamException("tcp answer unparsable: " + e));
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      result.completeExceptionally(new UpstreamException("tcp connection closed early"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      result.completeExceptionally(new UpstreamException("tcp error: " + cause));
      ctx.close();
    }
  }
}
