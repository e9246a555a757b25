package gateway.proxy.handler;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpClientCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an HTTP client connection and its upstream connection into a byte tunnel (after CONNECT's
 * 200 or an Upgrade's 101). The relay is added before the HTTP handlers are removed, and the
 * decoders are removed last, so bytes they had already read but not parsed reach the relay.
 */
final class Tunnels {
    private Tunnels() {
    }

    /** Splices the two channels; a tunnel with no bytes either way for {@code idle} is closed. */
    static void splice(Channel client, Channel upstream, java.time.Duration idle) {
        convert(client.pipeline(), new TunnelRelay(upstream));
        convert(upstream.pipeline(), new TunnelRelay(client));
        client.pipeline().addFirst("tunnel-idle", new io.netty.handler.timeout.IdleStateHandler(0, 0,
                idle.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        client.config().setAutoRead(true);
        upstream.config().setAutoRead(true);
    }

    private static void convert(ChannelPipeline pipeline, TunnelRelay relay) {
        pipeline.addLast("tunnel", relay);
        List<ChannelHandler> decoders = new ArrayList<>();
        for (Map.Entry<String, ChannelHandler> entry : pipeline.toMap().entrySet()) {
            ChannelHandler handler = entry.getValue();
            if (handler == relay) {
                continue;
            }
            if (handler instanceof ByteToMessageDecoder || handler instanceof HttpClientCodec) {
                decoders.add(handler);
            } else {
                pipeline.remove(handler);
            }
        }
        for (ChannelHandler decoder : decoders) {
            pipeline.remove(decoder);
        }
    }
}
