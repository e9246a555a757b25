package gateway.proxy.upstream;

import io.netty.handler.codec.http.HttpObject;

/**
 * What an upstream connection reports to the exchange currently using it. Called on the
 * connection's event loop, in this order: any number of {@link #upstreamRead}, each followed at
 * some point by {@link #upstreamReadComplete}; then at most one {@link #upstreamFailed}.
 */
public interface UpstreamExchange {
    /** A decoded response part; the callee owns (and must release) it. */
    void upstreamRead(HttpObject msg);

    /** A socket read finished; a good moment to flush what was written to the client. */
    void upstreamReadComplete();

    /** The connection's writability changed (request-body backpressure). */
    void upstreamWritabilityChanged();

    /** The connection failed, closed, or sent no response head in time. */
    void upstreamFailed(Throwable cause);
}
