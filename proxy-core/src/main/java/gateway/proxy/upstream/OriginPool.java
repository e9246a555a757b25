package gateway.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Idle keep-alive connections per origin, at most {@code maxIdlePerOrigin} each. One pool per
 * event loop, used only from that loop's thread, so it needs no locks and a leased connection
 * shares its client's thread. A spoofed connection is keyed by the client's address too: it must
 * never carry another client's request.
 */
public final class OriginPool {
    /**
     * Set on a channel once the pool watches its close: a kept-alive connection is released many
     * times, and a close listener per release would pile up on its close future for its lifetime.
     */
    private static final AttributeKey<Boolean> WATCHED = AttributeKey.valueOf(OriginPool.class, "watched");
    private final int maxIdlePerOrigin;
    private final Map<Key, ArrayDeque<Channel>> idle = new HashMap<>();

    public OriginPool(int maxIdlePerOrigin) {
        this.maxIdlePerOrigin = maxIdlePerOrigin;
    }

    /**
     * Where a connection goes and which source address it uses (null for the gateway's own).
     * Addresses compare by value, so building a key per request costs no text.
     */
    public record Key(InetSocketAddress origin, InetAddress source) {
        public Key {
            Objects.requireNonNull(origin, "origin");
        }

        public static Key of(InetSocketAddress connectTo, InetAddress source) {
            return new Key(connectTo, source);
        }
    }

    /** An idle, still open connection for the key, or null. */
    public Channel poll(Key key) {
        ArrayDeque<Channel> queue = idle.get(key);
        while (queue != null && !queue.isEmpty()) {
            Channel channel = queue.pollLast();
            if (channel.isActive()) {
                if (queue.isEmpty()) {
                    idle.remove(key);
                }
                return channel;
            }
        }
        idle.remove(key);
        return null;
    }

    /** Keeps the connection for reuse, or closes it when the origin already has enough idle ones. */
    public void release(Key key, Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        ArrayDeque<Channel> queue = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (queue.size() >= maxIdlePerOrigin) {
            channel.close();
            return;
        }
        queue.addLast(channel);
        if (channel.attr(WATCHED).setIfAbsent(Boolean.TRUE) == null) {
            // A channel keeps its key (one origin, one source address) for life.
            channel.closeFuture().addListener(f -> forget(key, channel));
        }
    }

    /** Drops a closed idle connection. */
    private void forget(Key key, Channel channel) {
        ArrayDeque<Channel> queue = idle.get(key);
        if (queue != null) {
            queue.remove(channel);
            if (queue.isEmpty()) {
                idle.remove(key);
            }
        }
    }

    /** Number of idle connections kept for the key. */
    public int idleCount(Key key) {
        ArrayDeque<Channel> queue = idle.get(key);
        return queue == null ? 0 : queue.size();
    }

    /** Closes every idle connection. */
    public void closeAll() {
        for (ArrayDeque<Channel> queue : Map.copyOf(idle).values()) {
            for (Channel channel : queue.toArray(new Channel[0])) {
                channel.close();
            }
        }
        idle.clear();
    }
}
