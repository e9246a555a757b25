package gateway.dns.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Channel classes matching an event loop group: epoll for an epoll group, NIO otherwise. */
record Transports(
    Class<? extends DatagramChannel> datagram,
    Class<? extends ServerSocketChannel> server,
    Class<? extends SocketChannel> socket,
    boolean epoll) {

  static Transports of(EventLoopGroup group) {
    if (group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class)) {
      return new Transports(EpollDatagramChannel.class, EpollServerSocketChannel.class,
          EpollSocketChannel.class, true);
    }
    return new Transports(NioDatagramChannel.class, NioServerSocketChannel.class,
        NioSocketChannel.class, false);
  }

  /** A group of our own: epoll when the native library is there, NIO otherwise. */
  static EventLoopGroup newGroup(int threads) {
    return new MultiThreadIoEventLoopGroup(threads,
        Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }
}
