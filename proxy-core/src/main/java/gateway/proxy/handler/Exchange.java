package gateway.proxy.handler;

import gateway.proxy.cache.CacheDecision;
import gateway.proxy.cache.Fields;
import gateway.proxy.cache.Freshness;
import gateway.proxy.cache.StoredResponse;
import gateway.proxy.codec.HopByHop;
import gateway.proxy.intercept.ForbiddenTargetException;
import gateway.proxy.intercept.LoopException;
import gateway.proxy.intercept.Target;
import gateway.proxy.intercept.TargetException;
import gateway.proxy.metrics.AccessRecord;
import gateway.proxy.metrics.CacheResult;
import gateway.proxy.policy.Failures;
import gateway.proxy.policy.ProxyFailure;
import gateway.proxy.upstream.OriginPool;
import gateway.proxy.upstream.UpstreamConnector.Connection;
import gateway.proxy.upstream.UpstreamExchange;
import gateway.proxy.upstream.UpstreamHandler;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request and its response, as a script: check loop and target, take a pooled upstream
 * connection or open one, forward the request and stream its body, stream the response back with
 * Via added and hop-by-hop fields removed, then return the upstream connection to the pool and
 * write the access-log record. Backpressure: the upstream stops reading while the client cannot
 * take more, and the client stops reading while the upstream cannot.
 *
 * <p>Runs entirely on the client's event loop; the upstream connection uses the same loop.
 */
final class Exchange implements UpstreamExchange {
    private final ProxyServices services;
    private final ClientHandler owner;
    private final Channel client;
    private final boolean transparent;
    private final Instant started;
    private final ArrayDeque<HttpContent> pendingBody = new ArrayDeque<>();
    private HttpRequest request;
    private String method = "-";
    private String url = "-";
    private Target target;
    private Channel upstream;
    private OriginPool.Key poolKey;
    private boolean connectTunnel;
    private boolean bodyExpected;
    private boolean requestComplete;
    private boolean clientKeepAlive = true;
    private boolean responseStarted;
    private boolean informational;
    private boolean upgrade;
    private boolean responseKeepAlive;
    private boolean closeClient;
    private boolean done;
    private int status;
    private long bytes;
    private CacheTicket ticket;
    private boolean swallowUpstream;
    private StoredResponse refreshed;
    private static final java.util.Set<String> IDEMPOTENT = java.util.Set.of("GET", "HEAD", "OPTIONS", "TRACE",
            "PUT", "DELETE");
    private boolean reused;
    private boolean retried;
    private boolean leader;
    private boolean waiting;
    private java.util.concurrent.ScheduledFuture<?> waitTimer;

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
            if (HttpMethod.CONNECT.equals(req.method())) {
                if (transparent) {
                    fail(Failures.badTarget("CONNECT is only served by the explicit proxy"));
                    return;
                }
                target = services.targets.connect(req, services.config.connectPorts());
                connectTunnel = true;
                url = target.host() + ":" + target.port();
            } else {
                target = transparent
                        ? services.targets.intercepted(req, (InetSocketAddress) client.localAddress())
                        : services.targets.explicit(req);
                url = target.url();
                boolean upgradeRequest = rewrite(req);
                if (services.cache != null && !upgradeRequest) {
                    ticket = CacheTicket.create(services.cache, method, target, req.headers());
                }
            }
        } catch (LoopException e) {
            fail(Failures.loop(e.getMessage()));
            return;
        } catch (ForbiddenTargetException e) {
            fail(Failures.forbidden(e.getMessage()));
            return;
        } catch (TargetException e) {
            fail(Failures.badTarget(e.getMessage()));
            return;
        }
        if (ticket == null) {
            acquire();
            return;
        }
        CompletableFuture<StoredResponse> found = ticket.find();
        if (found.isDone()) {
            consultCache(found.getNow(null));
        } else {
            found.whenComplete((stored, error) -> client.eventLoop().execute(() -> consultCache(stored)));
        }
    }

    /** Serves from the cache, waits for another request's fetch of the same URL, or fetches. */
    private void consultCache(StoredResponse found) {
        if (done) {
            if (found != null) {
                found.body().release(); // the client left while the disk was read
            }
            return;
        }
        CacheDecision decision = ticket.decide(found, services.strategy, services.hostCheck, target,
                request.headers());
        if (decision instanceof CacheDecision.Serve serve) {
            serveStored(serve.stored(), serve.age(), CacheResult.HIT);
            return;
        }
        if (decision instanceof CacheDecision.Fetch && ticket.collapsible) {
            if (services.inFlight.leadOrWait(url, () -> client.eventLoop().execute(this::flightLanded))) {
                leader = true;
            } else {
                waiting = true;
                services.listener.requestCollapsed(url);
                waitTimer = client.eventLoop().schedule(this::flightLanded,
                        services.config.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
        }
        acquire();
    }

    /** Origin-form target, our own version, hop-by-hop fields out, Host from the URL, Via appended. */
    private boolean rewrite(HttpRequest req) {
        HttpHeaders headers = req.headers();
        String via = services.loops.viaElement(versionText(req.protocolVersion()));
        boolean upgradeRequest = HopByHop.isUpgrade(headers);
        String upgradeTo = headers.get(HttpHeaderNames.UPGRADE);
        HopByHop.strip(headers);
        if (upgradeRequest) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            headers.set(HttpHeaderNames.UPGRADE, upgradeTo);
        }
        if (!target.intercepted() || !headers.contains(HttpHeaderNames.HOST)) {
            headers.set(HttpHeaderNames.HOST, target.hostHeader());
        }
        headers.add(HttpHeaderNames.VIA, via);
        req.setUri(target.path());
        req.setProtocolVersion(HttpVersion.HTTP_1_1);
        return upgradeRequest;
    }

    /** The fetch this request waited for ended (or the wait timed out): serve from cache or fetch. */
    private void flightLanded() {
        if (!waiting || done) {
            return;
        }
        waiting = false;
        waitTimer.cancel(false);
        CacheDecision decision = ticket.lookAgain(services.strategy);
        if (decision instanceof CacheDecision.Serve serve) {
            serveStored(serve.stored(), serve.age(), CacheResult.HIT);
        } else {
            acquire();
        }
    }

    private void acquire() {
        InetAddress clientIp = ((InetSocketAddress) client.remoteAddress()).getAddress();
        reused = false;
        if (!connectTunnel && !retried) {
            InetAddress source = services.connector.sourceFor(target.intercepted(), clientIp);
            Channel pooled = services.pool(client.eventLoop()).poll(OriginPool.Key.of(target.connectTo(), source));
            if (pooled != null) {
                reused = true;
                connected(new Connection(pooled, source));
                return;
            }
        }
        services.connector.connect(client.eventLoop(), target.connectTo(), target.intercepted(), clientIp)
                .addListener(f -> {
                    if (f.isSuccess()) {
                        Connection connection = (Connection) f.getNow();
                        if (done) {
                            connection.channel().close();
                        } else {
                            connected(connection);
                        }
                    } else if (!done) {
                        fail(Failures.upstream(f.cause(), describeTarget()));
                    }
                });
    }

    private void connected(Connection connection) {
        upstream = connection.channel();
        poolKey = OriginPool.Key.of(target.connectTo(), connection.source());
        if (connectTunnel) {
            startConnectTunnel();
            return;
        }
        upstream.pipeline().get(UpstreamHandler.class).attach(this);
        if (ticket != null) {
            ticket.requestSent(services.clock.instant());
        }
        upstream.write(request);
        if (retried && requestComplete) {
            upstream.write(LastHttpContent.EMPTY_LAST_CONTENT); // the body-less request's end, once more
        }
        HttpContent content;
        while ((content = pendingBody.poll()) != null) {
            upstream.write(content);
        }
        upstream.flush();
        owner.updateReading();
    }

    /** Whether request body parts still belong to this exchange. */
    boolean wantsRequestBody() {
        return !requestComplete && !done;
    }

    /** Whether the client should be read now for more request body. */
    boolean readyForRequestBody() {
        return wantsRequestBody() && upstream != null && upstream.isWritable();
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
            if (!responseStarted) {
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
        if (upstream == null || connectTunnel) {
            if (connectTunnel) {
                content.release();
            } else {
                pendingBody.add(content);
            }
        } else {
            upstream.writeAndFlush(content);
        }
    }

    void clientReadComplete() {
        // Request body is flushed per part; nothing batched here yet.
    }

    void clientWritabilityChanged() {
        if (upstream != null && client.isWritable()) {
            upstream.config().setAutoRead(true);
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
            return;
        }
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                Throwable cause = response.decoderResult().cause();
                ReferenceCountUtil.release(msg);
                closeUpstream();
                fail(new ProxyFailure(502, "upstream " + describeTarget() + " sent a malformed response: "
                        + cause.getMessage(), false));
                return;
            }
            startResponse(response);
            if (msg instanceof HttpContent && !upgrade) {
                relayContent((HttpContent) msg);
            }
        } else if (msg instanceof HttpContent content) {
            relayContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void startResponse(HttpResponse response) {
        int code = response.status().code();
        String via = services.loops.viaElement(versionText(response.protocolVersion()));
        if (code >= 100 && code < 200 && code != 101) {
            // 100 Continue and friends go straight through; the final response follows.
            informational = true;
            response.headers().add(HttpHeaderNames.VIA, via);
            client.write(response);
            return;
        }
        responseKeepAlive = HttpUtil.isKeepAlive(response);
        HttpHeaders headers = response.headers();
        String upgradeTo = headers.get(HttpHeaderNames.UPGRADE);
        HopByHop.strip(headers);
        if (ticket != null) {
            Fields fields = CacheTicket.fields(headers);
            if (code == 304 && ticket.validating() != null) {
                // Our own revalidation: the client gets the refreshed stored response instead.
                refreshed = ticket.confirmed(fields, services.clock.instant());
                swallowUpstream = true;
                return;
            }
            ticket.responseHead(code, response.status().reasonPhrase(), fields, services.clock.instant());
        }
        status = code;
        responseStarted = true;
        upgrade = code == 101;
        headers.add(HttpHeaderNames.VIA, via);
        closeClient = ResponseFraming.apply(response, request, clientKeepAlive, upgrade, upgradeTo);
        client.write(response);
        if (upgrade) {
            // Netty's client codec switches to raw bytes after a 101; so does the connection now.
            client.flush();
            startUpgradeTunnel();
        }
    }

    private void relayContent(HttpContent content) {
        if (informational) {
            client.write(content);
            if (content instanceof LastHttpContent) {
                informational = false;
                client.flush();
            }
            return;
        }
        if (swallowUpstream) {
            content.release();
            if (content instanceof LastHttpContent) {
                releaseUpstream();
                serveStored(refreshed, Freshness.currentAge(refreshed.headers(), refreshed.requestTime(),
                        refreshed.responseTime(), services.clock.instant()), CacheResult.REVALIDATED);
            }
            return;
        }
        if (!responseStarted) {
            content.release();
            return;
        }
        bytes += content.content().readableBytes();
        boolean last = content instanceof LastHttpContent;
        if (ticket != null) {
            ticket.body(content.content());
        }
        client.write(content);
        if (last) {
            client.flush();
            if (ticket != null) {
                ticket.complete();
            }
            completed();
        } else if (!client.isWritable()) {
            upstream.config().setAutoRead(false);
        }
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
        if (!responseStarted && reused && !retried && !bodyExpected && IDEMPOTENT.contains(method)) {
            // A pooled connection the origin closed as we reused it: retry once on a fresh one
            // (RFC 9112 section 9.3.1 allows it for idempotent requests without a body).
            retried = true;
            acquire();
            return;
        }
        if (!responseStarted) {
            fail(Failures.upstream(cause, describeTarget()));
        } else {
            abort();
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

    private void completed() {
        releaseUpstream();
        finish(clientKeepAlive && !closeClient);
    }

    /** The upstream exchange is over: keep the connection for reuse when both sides allow it. */
    private void releaseUpstream() {
        UpstreamHandler handler = upstream.pipeline().get(UpstreamHandler.class);
        handler.detach();
        upstream.config().setAutoRead(true);
        if (responseKeepAlive && requestComplete) {
            services.pool(client.eventLoop()).release(poolKey, upstream);
        } else {
            upstream.close();
        }
        upstream = null;
    }

    /** Answers from a stored response (see {@link StoredAnswer}). */
    private void serveStored(StoredResponse stored, Duration age, CacheResult result) {
        ticket.result = result;
        FullHttpResponse response = ticket.notModified
                ? StoredAnswer.notModified(stored, request, age, services.loops.viaElement("1.1"), clientKeepAlive)
                : StoredAnswer.build(stored, request, age, services.loops.viaElement("1.1"), clientKeepAlive);
        status = response.status().code();
        bytes = HttpMethod.HEAD.equals(request.method()) ? 0 : response.content().readableBytes();
        responseStarted = true;
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
        if (waitTimer != null) {
            waitTimer.cancel(false);
        }
        if (leader) {
            leader = false;
            services.inFlight.landed(url);
        }
        if (ticket != null) {
            ticket.release();
        }
        services.listener.requestCompleted(new AccessRecord(started, (InetSocketAddress) client.remoteAddress(),
                method, url, status, ticket == null ? CacheResult.BYPASS : ticket.result, bytes,
                Duration.between(started, services.clock.instant())));
    }

    private void startConnectTunnel() {
        releasePending();
        status = 200;
        FullHttpResponse established = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                new HttpResponseStatus(200, "Connection Established"));
        established.headers().add(HttpHeaderNames.VIA, services.loops.viaElement("1.1"));
        Channel peer = upstream;
        client.writeAndFlush(established).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                peer.close();
                return;
            }
            Tunnels.splice(client, peer, services.config.idleTimeout());
        });
        upstream = null;
        done = true;
        finishRecord();
        owner.tunnelled();
    }

    private void startUpgradeTunnel() {
        Channel peer = upstream;
        peer.pipeline().get(UpstreamHandler.class).detach();
        upstream = null;
        finishRecord();
        owner.tunnelled();
        Tunnels.splice(client, peer, services.config.idleTimeout());
    }

    private void closeUpstream() {
        if (upstream != null) {
            UpstreamHandler handler = upstream.pipeline().get(UpstreamHandler.class);
            if (handler != null) {
                handler.detach();
            }
            upstream.close();
            upstream = null;
        }
    }

    private void releasePending() {
        HttpContent content;
        while ((content = pendingBody.poll()) != null) {
            content.release();
        }
    }

    private String describeTarget() {
        InetSocketAddress to = target == null ? null : target.connectTo();
        if (to == null) {
            return url;
        }
        return to.isUnresolved() ? to.getHostString() + ":" + to.getPort()
                : to.getAddress().getHostAddress() + ":" + to.getPort();
    }

    private static String versionText(HttpVersion version) {
        return version == HttpVersion.HTTP_1_1 ? "1.1" : version.majorVersion() + "." + version.minorVersion();
    }

    /** Answers a connection that never completed a request head (408), then closes it. */
    static void respondWithoutRequest(ProxyServices services, Channel client, ProxyFailure failure) {
        FullHttpResponse response = ErrorResponses.render(failure, services.loops.viaElement("1.1"), true);
        long length = response.content().readableBytes();
        client.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        Instant now = services.clock.instant();
        services.listener.requestCompleted(new AccessRecord(now, (InetSocketAddress) client.remoteAddress(), "-",
                "-", failure.status(), CacheResult.BYPASS, length, Duration.ZERO));
    }
}
