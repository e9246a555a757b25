package gateway.proxy.handler;

import gateway.proxy.cache.CacheStrategy;
import gateway.proxy.cache.Freshness;
import gateway.proxy.cache.HostResolver;
import gateway.proxy.cache.HttpCache;
import gateway.proxy.config.ProxyConfig;
import gateway.proxy.intercept.TargetResolver;
import gateway.proxy.metrics.ProxyListener;
import gateway.proxy.policy.LoopPolicy;
import gateway.proxy.upstream.OriginPool;
import gateway.proxy.upstream.UpstreamConnector;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every client connection shares: config, policies, the connector, the pools, the listener,
 * the clock and the cache (null when caching is off).
 */
public final class ProxyServices {
    final ProxyConfig config;
    final TargetResolver targets;
    final LoopPolicy loops;
    final UpstreamConnector connector;
    final ProxyListener listener;
    final Clock clock;
    final HttpCache cache;
    final CacheStrategy strategy;
    final HostCheck hostCheck;
    final InFlight inFlight = new InFlight();
    private final Map<EventLoop, OriginPool> pools = new ConcurrentHashMap<>();

    public ProxyServices(ProxyConfig config, TargetResolver targets, LoopPolicy loops, UpstreamConnector connector,
            ProxyListener listener, Clock clock, HttpCache cache, HostResolver hostResolver) {
        this.config = config;
        this.targets = targets;
        this.loops = loops;
        this.connector = connector;
        this.listener = listener;
        this.clock = clock;
        this.cache = cache;
        this.hostCheck = new HostCheck(hostResolver);
        this.strategy = cache == null ? null
                : new CacheStrategy(new Freshness(cache.config().heuristicCap()), clock);
    }

    /** The pool of the given event loop; use it only on that loop. */
    OriginPool pool(EventLoop loop) {
        return pools.computeIfAbsent(loop, l -> new OriginPool(config.maxIdlePerOrigin()));
    }

    /** Closes every pooled connection, each on its own loop. */
    public void closePools() {
        pools.forEach((loop, pool) -> loop.execute(pool::closeAll));
    }
}
