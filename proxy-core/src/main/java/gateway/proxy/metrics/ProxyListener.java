package gateway.proxy.metrics;

import java.net.InetSocketAddress;

/**
 * Observes the proxy. Methods are called on event-loop threads and must not block; the default
 * implementations do nothing.
 */
public interface ProxyListener {
    ProxyListener NOOP = new ProxyListener() {
    };

    /** A request finished (response sent or connection lost). Called once per request. */
    default void requestCompleted(AccessRecord record) {
    }

    /** A cache miss waits for another request's fetch of the same URL instead of fetching itself. */
    default void requestCollapsed(String url) {
    }

    /** A connection from a source outside the LAN was refused at accept. */
    default void clientRefused(InetSocketAddress client) {
    }

    /**
     * In spoof mode {@code auto}, spoofed upstream connects timed out while plain ones work, so the
     * proxy now uses its own address. Called once.
     */
    default void spoofingAbandoned(String diagnosis) {
    }
}
