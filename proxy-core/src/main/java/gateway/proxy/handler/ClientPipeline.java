package gateway.proxy.handler;

import gateway.proxy.codec.ProxyRequestDecoder;
import gateway.proxy.codec.ProxyResponseEncoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Predicate;

/**
 * The pipeline of one accepted client connection, refused at once when the source is not in the LAN.
 * <pre>
 *   bytes ─▶ ClientTimeouts ─▶ ProxyRequestDecoder ─▶ ClientHandler ─▶ Exchange ─▶ upstream
 *   bytes ◀─ ClientTimeouts ◀─ ProxyResponseEncoder ◀──────────────────── Exchange ◀── upstream
 * </pre>
 * After CONNECT's 200 or a 101 the HTTP handlers are replaced by a byte relay.
 */
public final class ClientPipeline extends ChannelInitializer<Channel> {
    private final ProxyServices services;
    private final boolean transparent;
    private final Predicate<InetAddress> allowedClients;

    public ClientPipeline(ProxyServices services, boolean transparent, Predicate<InetAddress> allowedClients) {
        this.services = services;
        this.transparent = transparent;
        this.allowedClients = allowedClients;
    }

    /** Whether the connection is between requests (safe to close when draining). */
    public static boolean idle(Channel ch) {
        ClientHandler handler = ch.pipeline().get(ClientHandler.class);
        return handler != null && handler.idle();
    }

    @Override
    protected void initChannel(Channel ch) {
        InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
        if (remote == null || !allowedClients.test(remote.getAddress())) {
            services.listener.clientRefused(remote);
            ch.close();
            return;
        }
        ClientTimeouts timeouts = new ClientTimeouts(services.config.idleTimeout(), services.config.headerReadTimeout());
        ProxyResponseEncoder encoder = new ProxyResponseEncoder();
        ChannelPipeline p = ch.pipeline();
        p.addLast("timeouts", timeouts);
        p.addLast("decoder", new ProxyRequestDecoder(services.config.maxInitialLineLength(),
                services.config.maxHeaderSize()));
        p.addLast("encoder", encoder);
        p.addLast("client", new ClientHandler(services, transparent, timeouts, encoder));
    }
}
