package gateway.app.wiring;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one set of Netty event loops every service shares: epoll where the native library loads
 * (needed for IP_TRANSPARENT and SO_BINDTODEVICE), NIO otherwise. Made on first use, so a
 * gateway running only non-Netty services starts no loop threads.
 */
@Singleton
public final class EventLoops implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventLoops.class);

  private EventLoopGroup group;

  @Inject
  public EventLoops() {}

  public synchronized EventLoopGroup group() {
    if (group == null) {
      int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
      DefaultThreadFactory names = new DefaultThreadFactory("gateway-io", true);
      if (Epoll.isAvailable()) {
        group = new MultiThreadIoEventLoopGroup(threads, names, EpollIoHandler.newFactory());
        log.debug("event loops: {} epoll threads", threads);
      } else {
        group = new MultiThreadIoEventLoopGroup(threads, names, NioIoHandler.newFactory());
        log.info("event loops: epoll unavailable ({}), using NIO; transparent proxying and"
            + " per-interface DHCP need epoll", Epoll.unavailabilityCause().toString());
      }
    }
    return group;
  }

  public static boolean epollAvailable() {
    return Epoll.isAvailable();
  }

  @Override
  public synchronized void close() {
    if (group != null) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      group = null;
    }
  }
}
