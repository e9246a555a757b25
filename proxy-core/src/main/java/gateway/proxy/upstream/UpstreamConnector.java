package gateway.proxy.upstream;

import gateway.proxy.cache.HostResolver;
import gateway.proxy.config.ProxyConfig;
import gateway.proxy.metrics.ProxyListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens upstream connections on the client's event loop, from the client's address
 * (IP_TRANSPARENT bind, as squid's tproxy does) or from the gateway's, as {@link SpoofDecision}
 * says. In auto mode a spoofed connect that times out is retried from the gateway's own address;
 * if that one works, spoofing is abandoned and the cause logged once.
 *
 * <p>Upstream pipeline: {@code IdleStateHandler → HttpClientCodec → UpstreamHandler}; the codec
 * remembers each request's method, so HEAD responses are read without a body.
 */
public final class UpstreamConnector {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamConnector.class);
    private final ProxyConfig config;
    private final Class<? extends SocketChannel> channelClass;
    private final SpoofDecision spoof;
    private final ProxyListener listener;
    private final HostResolver resolver;

    /**
     * @param resolver resolves explicit-mode host names off the event loop (the JDK resolver blocks)
     */
    public UpstreamConnector(ProxyConfig config, Class<? extends SocketChannel> channelClass,
            SpoofDecision spoof, ProxyListener listener, HostResolver resolver) {
        this.config = config;
        this.channelClass = channelClass;
        this.spoof = spoof;
        this.listener = listener;
        this.resolver = resolver;
    }

    /** A connected channel and the source address it was bound to (null: the gateway's own). */
    public record Connection(Channel channel, InetAddress source) {
    }

    /** Whether a new connection for this request would spoof the client's address. */
    public InetAddress sourceFor(boolean intercepted, InetAddress client) {
        return spoof.spoof(intercepted) ? client : null;
    }

    /** Connects to {@code to}, spoofing {@code client} when the decision says so. */
    public Future<Connection> connect(EventLoop loop, InetSocketAddress to, boolean intercepted, InetAddress client) {
        Promise<Connection> result = loop.newPromise();
        if (to.isUnresolved()) {
            resolver.resolve(to.getHostString()).whenComplete((addresses, error) -> loop.execute(() -> {
                if (error != null || addresses == null || addresses.isEmpty()) {
                    result.tryFailure(new UnknownHostException(to.getHostString()));
                    return;
                }
                connect(loop, new InetSocketAddress(addresses.get(0), to.getPort()), intercepted, client)
                        .addListener(f -> {
                            if (f.isSuccess()) {
                                result.trySuccess((Connection) f.getNow());
                            } else {
                                result.tryFailure(f.cause());
                            }
                        });
            }));
            return result;
        }
        if (!spoof.spoof(intercepted)) {
            attempt(loop, to, null, config.connectTimeout(), result, null);
        } else if (!spoof.fallbackAllowed()) {
            attempt(loop, to, client, config.connectTimeout(), result, null);
        } else {
            attempt(loop, to, client, config.spoofProbeTimeout(), result, () -> {
                Promise<Connection> plain = loop.newPromise();
                plain.addListener(f -> {
                    if (f.isSuccess()) {
                        if (spoof.abandon()) {
                            String line = SpoofDecision.diagnosis(describe(to), client.getHostAddress());
                            LOG.warn(line);
                            listener.spoofingAbandoned(line);
                        }
                        result.trySuccess(plain.getNow());
                    } else {
                        result.tryFailure(f.cause());
                    }
                });
                attempt(loop, to, null, config.connectTimeout(), plain, null);
            });
        }
        return result;
    }

    private void attempt(EventLoop loop, InetSocketAddress to, InetAddress source, Duration timeout,
            Promise<Connection> result, Runnable onTimeout) {
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(
                                new IdleStateHandler(config.responseTimeout().toMillis(), 0,
                                        config.upstreamIdleTimeout().toMillis(), TimeUnit.MILLISECONDS),
                                new HttpClientCodec(new HttpDecoderConfig().setMaxHeaderSize(64 * 1024)
                                        .setMaxChunkSize(64 * 1024), false, false),
                                new UpstreamHandler());
                    }
                });
        ChannelFuture connect;
        if (source != null) {
            bootstrap.option(EpollChannelOption.IP_TRANSPARENT, true);
            connect = bootstrap.connect(to, new InetSocketAddress(source, 0));
        } else {
            connect = bootstrap.connect(to);
        }
        connect.addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                if (!result.trySuccess(new Connection(f.channel(), source))) {
                    f.channel().close();
                }
            } else if (onTimeout != null && f.cause() instanceof ConnectTimeoutException) {
                onTimeout.run();
            } else {
                result.tryFailure(f.cause());
            }
        });
    }

    private static String describe(InetSocketAddress to) {
        return to.isUnresolved() ? to.getHostString() + ":" + to.getPort()
                : to.getAddress().getHostAddress() + ":" + to.getPort();
    }
}
