package gateway.proxy.handler;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
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

    /** Answers a CONNECT with 200 Connection Established, then splices (or closes the upstream if that write failed). */
    static void established(Channel client, Channel upstream, String via, java.time.Duration idle) {
        FullHttpResponse established = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                new HttpResponseStatus(200, "Connection Established"));
        established.headers().add(HttpHeaderNames.VIA, via);
        client.writeAndFlush(established).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                splice(client, upstream, idle);
            } else {
                upstream.close();
            }
        });
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
