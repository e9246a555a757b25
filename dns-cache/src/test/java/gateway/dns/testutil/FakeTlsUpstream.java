package gateway.dns.testutil;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.xbill.DNS.Message;

/** A DNS-over-TLS responder on 127.0.0.1 with a self-signed certificate for {@code name}. */
public final class FakeTlsUpstream implements AutoCloseable {

  private final SelfSignedCertificate cert;
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
      NioIoHandler.newFactory());
  private final Channel server;
  private final AtomicInteger queries = new AtomicInteger();

  public FakeTlsUpstream(String name, Function<Message, Message> answer) throws Exception {
    cert = new SelfSignedCertificate(name);
    SslContext ssl = SslContextBuilder.forServer(cert.certificate(), cert.privateKey()).build();
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(ssl.newHandler(ch.alloc()),
                new LengthFieldBasedFrameDecoder(65535, 0, 2, 0, 2),
                new SimpleChannelInboundHandler<ByteBuf>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame)
                      throws Exception {
                    queries.incrementAndGet();
                    byte[] out = answer.apply(new Message(frame.nioBuffer())).toWire();
                    ByteBuf b = ctx.alloc().buffer(out.length + 2);
                    b.writeShort(out.length).writeBytes(out);
                    ctx.writeAndFlush(b);
                  }

                  @Override
                  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    ctx.close(); // e.g. the client refused our certificate
                  }
                });
          }
        })
        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  /** The certificate (PEM) clients should trust. */
  public File certificateFile() {
    return cert.certificate();
  }

  public int queries() {
    return queries.get();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    cert.delete();
  }
}
