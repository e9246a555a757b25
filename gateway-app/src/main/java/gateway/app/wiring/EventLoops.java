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
  private EventLoopGroup proxyGroup;

  @Inject
  public EventLoops() {}

  public synchronized EventLoopGroup group() {
    if (group == null) {
      group = newGroup("gateway-io", Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }
    return group;
  }

  /**
   * The proxy's own loops, made on first use: their number is the proxy's to choose
   * ({@code proxy.event_loops}), while DNS keeps the shared ones it was tuned on.
   */
  public synchronized EventLoopGroup proxyGroup(int threads) {
    if (proxyGroup == null) {
      proxyGroup = newGroup("proxy-io", threads);
    }
    return proxyGroup;
  }

  private static EventLoopGroup newGroup(String name, int threads) {
    DefaultThreadFactory names = new DefaultThreadFactory(name, true);
    if (Epoll.isAvailable()) {
      log.debug("event loops {}: {} epoll threads", name, threads);
      return new MultiThreadIoEventLoopGroup(threads, names, EpollIoHandler.newFactory());
    }
    log.info("event loops {}: epoll unavailable ({}), using NIO; transparent proxying and"
        + " per-interface DHCP need epoll", name, Epoll.unavailabilityCause().toString());
    return new MultiThreadIoEventLoopGroup(threads, names, NioIoHandler.newFactory());
  }

  public static boolean epollAvailable() {
    return Epoll.isAvailable();
  }

  @Override
  public synchronized void close() {
    for (EventLoopGroup g : new EventLoopGroup[] {proxyGroup, group}) {
      if (g != null) {
        g.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      }
    }
    group = null;
    proxyGroup = null;
  }
}
