package gateway.proxy.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** The channel classes that fit an event-loop group: epoll for an epoll group, NIO otherwise. */
record Transport(EventLoopGroup group, Class<? extends ServerSocketChannel> serverChannel,
        Class<? extends SocketChannel> socketChannel, boolean epoll) {

    static Transport forGroup(EventLoopGroup group) {
        boolean epoll = Epoll.isAvailable() && group instanceof io.netty.channel.IoEventLoopGroup io
                && io.isIoType(io.netty.channel.epoll.EpollIoHandler.class);
        return epoll
                ? new Transport(group, EpollServerSocketChannel.class, EpollSocketChannel.class, true)
                : new Transport(group, NioServerSocketChannel.class, NioSocketChannel.class, false);
    }

    /** A group of our own: epoll where the native library loads, NIO elsewhere. */
    static EventLoopGroup newGroup(int threads) {
        return Epoll.isAvailable()
                ? new MultiThreadIoEventLoopGroup(threads, io.netty.channel.epoll.EpollIoHandler.newFactory())
                : new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }
}
