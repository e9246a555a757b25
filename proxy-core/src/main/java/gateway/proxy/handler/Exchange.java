package gateway.proxy.handler;

import gateway.proxy.cache.Freshness;
import gateway.proxy.cache.StoredResponse;
import gateway.proxy.intercept.Target;
import gateway.proxy.intercept.TargetException;
import gateway.proxy.metrics.AccessRecord;
import gateway.proxy.metrics.CacheResult;
import gateway.proxy.policy.Failures;
import gateway.proxy.policy.ProxyFailure;
import gateway.proxy.upstream.UpstreamExchange;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * One request and its response, as a script: check loop and target ({@link RequestTargets}),
 * consult the cache ({@link CacheStep}), take a pooled upstream connection or open one
 * ({@link UpstreamLeg}), forward the request and stream its body, let the {@link ResponseRelay}
 * stream the response back, then return the upstream connection to the pool and write the
 * access-log record. Answers made here instead: from the cache ({@link StoredAnswer}), failures
 * ({@link ErrorResponses}), stale-if-error, tunnels. Backpressure: the client stops reading while
 * the upstream cannot take more (the relay handles the other direction).
 *
 * <p>Runs entirely on the client's event loop; the upstream connection uses the same loop.
 */
final class Exchange implements CacheStep.Outcome, UpstreamExchange, ResponseRelay.Owner {
    private final ProxyServices services;
    private final ClientHandler owner;
    private final Channel client;
    private final boolean transparent;
    private final Instant started;
    private HttpRequest request;
    private String method = "-";
    private String url = "-";
    private Target target;
    private UpstreamLeg leg;
    private boolean connectTunnel;
    private boolean bodyExpected;
    private boolean requestComplete;
    private boolean clientKeepAlive = true;
    private boolean done;
    /** Status and body bytes of an answer the exchange made itself (the relay counts the origin's). */
    private int status;
    private long bytes;
    private CacheTicket ticket;
    private ResponseRelay relay;
    private boolean retried;
    private CacheStep cacheStep;

    Exchange(ProxyServices services, ClientHandler owner, Channel client, boolean transparent) {
        this.services = services;
        this.owner = owner;
        this.client = client;
        this.transparent = transparent;
        this.started = services.clock.instant();
    }

    void begin(HttpRequest req) {
        request = req;
        method = req.method().name();
        url = req.uri();
        if (req.decoderResult().isFailure()) {
            fail(Failures.malformedRequest(req.decoderResult().cause()));
            return;
        }
        clientKeepAlive = HttpUtil.isKeepAlive(req);
        bodyExpected = HttpUtil.isTransferEncodingChunked(req) || HttpUtil.getContentLength(req, 0L) > 0;
        if (services.loops.seenBefore(req.headers().getAll(HttpHeaderNames.VIA))) {
            fail(Failures.loop("the request already carries this proxy's Via"));
            return;
        }
        try {
            target = RequestTargets.resolve(services, req, client, transparent);
        } catch (TargetException e) {
            fail(RequestTargets.failure(e));
            return;
        }
        connectTunnel = HttpMethod.CONNECT.equals(req.method());
        if (connectTunnel) {
            url = target.host() + ":" + target.port();
        } else {
            url = target.url();
            boolean upgradeRequest = RequestRewrite.apply(req, target, services.loops);
            if (services.cache != null && !upgradeRequest) {
                ticket = CacheTicket.create(services.cache, method, target, req.headers());
            }
        }
        leg = new UpstreamLeg(services, client, target);
        relay = new ResponseRelay(services, client, req, clientKeepAlive, ticket, leg, this);
        if (ticket == null) {
            acquire();
            return;
        }
        cacheStep = new CacheStep(services, client.eventLoop(), ticket, target, req.headers(), this);
        cacheStep.start();
    }

    @Override
    public void serve(StoredResponse stored, Duration age) {
        serveStored(stored, age, CacheResult.HIT);
    }

    @Override
    public void fetch() {
        acquire();
    }

    private void acquire() {
        leg.acquire(!connectTunnel && !retried, this::connected, cause -> {
            if (!servedStaleInstead()) {
                fail(Failures.upstream(cause, describeTarget()));
            }
        });
    }

    private void connected() {
        if (connectTunnel) {
            releasePending();
            status = 200;
            Tunnels.established(client, leg.detachForTunnel(), services.loops.viaElement("1.1"),
                    services.config.idleTimeout());
            finishRecord();
            owner.tunnelled();
            return;
        }
        if (ticket != null) {
            ticket.requestSent(services.clock.instant());
        }
        // a retry sends the end of a body-less request once more
        leg.send(request, retried && requestComplete, this);
        owner.updateReading();
    }

    /** Whether request body parts still belong to this exchange. */
    boolean wantsRequestBody() {
        return !requestComplete && !done;
    }

    /** Whether the client should be read now for more request body. */
    boolean readyForRequestBody() {
        return wantsRequestBody() && leg != null && leg.writable();
    }

    void requestContent(HttpContent content) {
        if (done) {
            content.release();
            return;
        }
        if (content.decoderResult().isFailure()) {
            Throwable cause = content.decoderResult().cause();
            content.release();
            requestComplete = true;
            if (relay == null || !relay.started()) {
                closeUpstream();
                fail(Failures.malformedRequest(cause));
            } else {
                abort();
            }
            return;
        }
        if (content instanceof LastHttpContent) {
            requestComplete = true;
        }
        if (connectTunnel || leg == null) {
            content.release(); // a CONNECT's body, or one after the request failed before its target was known
        } else {
            leg.body(content);
        }
    }

    void clientWritabilityChanged() {
        if (leg != null && client.isWritable()) {
            leg.reading(true);
        }
    }

    @Override
    public void upstreamWritabilityChanged() {
        owner.updateReading();
    }

    @Override
    public void upstreamRead(HttpObject msg) {
        if (done) {
            ReferenceCountUtil.release(msg);
        } else {
            relay.read(msg);
        }
    }

    @Override
    public void malformedResponse(Throwable cause) {
        closeUpstream();
        fail(Failures.malformedResponse(cause, describeTarget()));
    }

    @Override
    public void revalidated(StoredResponse refreshed) {
        releaseUpstream();
        serveStored(refreshed, ageNow(refreshed), CacheResult.REVALIDATED);
    }

    @Override
    public void upgraded() {
        Channel peer = leg.detachForTunnel();
        finishRecord();
        owner.tunnelled();
        Tunnels.splice(client, peer, services.config.idleTimeout());
    }

    @Override
    public void relayed(boolean closeClient) {
        releaseUpstream();
        finish(clientKeepAlive && !closeClient);
    }

    @Override
    public void upstreamReadComplete() {
        client.flush();
    }

    @Override
    public void upstreamFailed(Throwable cause) {
        if (done) {
            return;
        }
        closeUpstream();
        if (!relay.started() && !retried && leg.mayRetry(method, bodyExpected)) {
            retried = true; // once, on a fresh connection
            acquire();
            return;
        }
        if (relay.started()) {
            abort();
        } else if (!servedStaleInstead()) {
            fail(Failures.upstream(cause, describeTarget()));
        }
    }

    /** The client went away: drop the upstream connection, log what was sent. */
    void clientGone() {
        if (done) {
            return;
        }
        closeUpstream();
        releasePending();
        finishRecord();
    }

    /** The upstream exchange is over: keep the connection for reuse when both sides allow it. */
    private void releaseUpstream() {
        leg.release(relay.upstreamKeepAlive() && requestComplete);
    }

    /** RFC 5861: the origin failed before a response started, or sent a 5xx the relay names. */
    @Override
    public boolean servedStaleInstead() {
        StoredResponse stale = ticket == null || relay.started() || done ? null
                : ticket.staleFallback(services.strategy);
        if (stale == null) {
            return false;
        }
        closeUpstream();
        serveStored(stale, ageNow(stale), CacheResult.STALE);
        return true;
    }

    private Duration ageNow(StoredResponse stored) {
        return Freshness.currentAge(stored.headers(), stored.requestTime(), stored.responseTime(),
                services.clock.instant());
    }

    /** Answers from a stored response (see {@link StoredAnswer}). */
    private void serveStored(StoredResponse stored, Duration age, CacheResult result) {
        ticket.result = result;
        FullHttpResponse response = StoredAnswer.answer(ticket.verdict, stored, request, age,
                services.loops.viaElement("1.1"), clientKeepAlive);
        status = response.status().code();
        bytes = HttpMethod.HEAD.equals(request.method()) ? 0 : response.content().readableBytes();
        client.writeAndFlush(response);
        finish(clientKeepAlive && !(bodyExpected && !requestComplete));
    }

    private void fail(ProxyFailure failure) {
        status = failure.status();
        boolean close = failure.close() || !clientKeepAlive || (bodyExpected && !requestComplete);
        FullHttpResponse response = ErrorResponses.render(failure, services.loops.viaElement("1.1"), close);
        bytes = response.content().readableBytes();
        closeUpstream();
        client.writeAndFlush(response);
        finish(!close);
    }

    /** Mid-response failure: the client can only learn of it by the connection closing. */
    private void abort() {
        closeUpstream();
        finish(false);
    }

    private void finish(boolean keepOpen) {
        if (done) {
            return;
        }
        releasePending();
        finishRecord();
        if (!keepOpen) {
            client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        owner.exchangeFinished(keepOpen);
    }

    private void finishRecord() {
        done = true;
        boolean answered = relay != null && relay.started();
        if (leg != null) {
            leg.end();
        }
        if (cacheStep != null) {
            cacheStep.end();
        } else if (ticket != null) {
            ticket.release();
        }
        services.listener.requestCompleted(new AccessRecord(started, (InetSocketAddress) client.remoteAddress(),
                method, url, answered ? relay.status() : status, ticket == null ? CacheResult.BYPASS : ticket.result,
                answered ? relay.bytes() : bytes,
                Duration.between(started, services.clock.instant())));
    }

    private void closeUpstream() {
        if (leg != null) {
            leg.close();
        }
    }

    private void releasePending() {
        if (leg != null) {
            leg.dropPending();
        }
    }

    private String describeTarget() {
        return target == null ? url : RequestTargets.describe(target);
    }
}
