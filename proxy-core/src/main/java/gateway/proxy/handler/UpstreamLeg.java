package gateway.proxy.handler;

import gateway.proxy.intercept.Target;
import gateway.proxy.upstream.OriginPool;
import gateway.proxy.upstream.UpstreamConnector.Connection;
import gateway.proxy.upstream.UpstreamExchange;
import gateway.proxy.upstream.UpstreamHandler;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The upstream side of one exchange: an idle pooled connection to the target or a new one, the
 * request and its body written to it (body parts that arrive before the connection wait here),
 * and at the end the connection back to the pool or closed. Used only on the client's loop,
 * which the upstream connection shares.
 */
final class UpstreamLeg {
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");
    private final ProxyServices services;
    private final Channel client;
    private final Target target;
    private final ArrayDeque<HttpContent> pendingBody = new ArrayDeque<>();
    private Channel upstream;
    private OriginPool.Key poolKey;
    private boolean reused;
    private boolean closed;

    UpstreamLeg(ProxyServices services, Channel client, Target target) {
        this.services = services;
        this.client = client;
        this.target = target;
    }

    /**
     * Takes an idle pooled connection ({@code usePool}) or opens one, then calls
     * {@code connected} on the client's loop; {@code failed} gets the connect failure. A
     * connection that arrives after {@link #close()} is closed at once.
     */
    void acquire(boolean usePool, Runnable connected, Consumer<Throwable> failed) {
        InetAddress clientIp = ((InetSocketAddress) client.remoteAddress()).getAddress();
        reused = false;
        if (usePool) {
            InetAddress source = services.connector.sourceFor(target.intercepted(), clientIp);
            Channel pooled = services.pool(client.eventLoop()).poll(OriginPool.Key.of(target.connectTo(), source));
            if (pooled != null) {
                reused = true;
                take(new Connection(pooled, source));
                connected.run();
                return;
            }
        }
        services.connector.connect(client.eventLoop(), target.connectTo(), target.intercepted(), clientIp)
                .addListener(f -> {
                    if (f.isSuccess()) {
                        Connection connection = (Connection) f.getNow();
                        if (closed) {
                            connection.channel().close();
                        } else {
                            take(connection);
                            connected.run();
                        }
                    } else if (!closed) {
                        failed.accept(f.cause());
                    }
                });
    }

    private void take(Connection connection) {
        upstream = connection.channel();
        poolKey = OriginPool.Key.of(target.connectTo(), connection.source());
    }

    /**
     * Whether a request that failed before its response started may be sent again on a fresh
     * connection: the failed one came from the pool (the origin closed it as we reused it) and
     * the request is idempotent and has no body (RFC 9112 section 9.3.1).
     */
    boolean mayRetry(String method, boolean bodyExpected) {
        return reused && !bodyExpected && IDEMPOTENT.contains(method);
    }

    boolean connected() {
        return upstream != null;
    }

    boolean writable() {
        return upstream != null && upstream.isWritable();
    }

    /**
     * Leases the connection to {@code exchange} and writes the request, the end of a body-less
     * request again when this is a retry ({@code resendEnd}), and the body parts that waited.
     */
    void send(HttpRequest request, boolean resendEnd, UpstreamExchange exchange) {
        upstream.pipeline().get(UpstreamHandler.class).attach(exchange);
        upstream.write(request);
        if (resendEnd) {
            upstream.write(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        HttpContent content;
        while ((content = pendingBody.poll()) != null) {
            upstream.write(content);
        }
        upstream.flush();
    }

    /** A part of the request body: written now, or kept until the connection is there. */
    void body(HttpContent content) {
        if (upstream == null) {
            pendingBody.add(content);
        } else {
            upstream.writeAndFlush(content);
        }
    }

    /** Backpressure from the client: the upstream reads only while the client can take more. */
    void reading(boolean on) {
        if (upstream != null) {
            upstream.config().setAutoRead(on);
        }
    }

    /** The upstream exchange is over: the connection goes back to the pool when {@code reusable}. */
    void release(boolean reusable) {
        if (upstream == null) {
            return;
        }
        upstream.pipeline().get(UpstreamHandler.class).detach();
        upstream.config().setAutoRead(true);
        if (reusable) {
            services.pool(client.eventLoop()).release(poolKey, upstream);
        } else {
            upstream.close();
        }
        upstream = null;
    }

    /** Hands the connection over as a raw byte tunnel (CONNECT, Upgrade); the leg lets go of it. */
    Channel detachForTunnel() {
        Channel peer = upstream;
        UpstreamHandler handler = peer.pipeline().get(UpstreamHandler.class);
        if (handler != null) {
            handler.detach();
        }
        upstream = null;
        dropPending();
        return peer;
    }

    /** Closes the connection (not reusable) and drops body parts that never went out. */
    void close() {
        if (upstream != null) {
            UpstreamHandler handler = upstream.pipeline().get(UpstreamHandler.class);
            if (handler != null) {
                handler.detach();
            }
            upstream.close();
            upstream = null;
        }
    }

    /** Ends the leg for good: closed, waiting body parts released, late connections refused. */
    void end() {
        closed = true;
        close();
        dropPending();
    }

    void dropPending() {
        HttpContent content;
        while ((content = pendingBody.poll()) != null) {
            content.release();
        }
    }
}
