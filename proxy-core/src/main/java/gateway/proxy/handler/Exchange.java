package gateway.proxy.handler;

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
import gateway.proxy.upstream.UpstreamExchange;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
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
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

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
    private HttpRequest request;
    private String method = "-";
    private String url = "-";
    private Target target;
    private UpstreamLeg leg;
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
    /** The statuses stale-if-error covers (RFC 5861 section 4). */
    private static final java.util.Set<Integer> SERVER_ERRORS = java.util.Set.of(500, 502, 503, 504);
    private static final java.util.Set<String> IDEMPOTENT = java.util.Set.of("GET", "HEAD", "OPTIONS", "TRACE",
            "PUT", "DELETE");
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
                boolean upgradeRequest = RequestRewrite.apply(req, target, services.loops);
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
        leg = new UpstreamLeg(services, client, target);
        if (ticket == null) {
            acquire();
            return;
        }
        cacheStep = new CacheStep(services, client.eventLoop(), ticket, target, req.headers(), new CacheStep.Outcome() {
            @Override
            public void serve(StoredResponse stored, Duration age) {
                serveStored(stored, age, CacheResult.HIT);
            }

            @Override
            public void fetch() {
                acquire();
            }
        });
        cacheStep.start();
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
            startConnectTunnel();
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
        if (connectTunnel || leg == null) {
            content.release(); // a CONNECT's body, or one after the request failed before its target was known
        } else {
            leg.body(content);
        }
    }

    void clientReadComplete() {
        // Request body is flushed per part; nothing batched here yet.
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
            if (SERVER_ERRORS.contains(response.status().code()) && servedStaleInstead()) {
                ReferenceCountUtil.release(msg); // the rest of this response is dropped with its connection
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
        String via = services.loops.viaElement(RequestRewrite.versionText(response.protocolVersion()));
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
            leg.reading(false);
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
        if (!responseStarted && leg.reused() && !retried && !bodyExpected && IDEMPOTENT.contains(method)) {
            // A pooled connection the origin closed as we reused it: retry once on a fresh one
            // (RFC 9112 section 9.3.1 allows it for idempotent requests without a body).
            retried = true;
            acquire();
            return;
        }
        if (responseStarted) {
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

    private void completed() {
        releaseUpstream();
        finish(clientKeepAlive && !closeClient);
    }

    /** The upstream exchange is over: keep the connection for reuse when both sides allow it. */
    private void releaseUpstream() {
        leg.release(responseKeepAlive && requestComplete);
    }

    /**
     * RFC 5861 stale-if-error: the origin failed before a response started, or answered 500,
     * 502, 503 or 504; a stale stored response that allows it is served instead (the upstream
     * connection is closed). Returns whether it was.
     */
    private boolean servedStaleInstead() {
        StoredResponse stale = ticket == null || responseStarted || done ? null
                : ticket.staleFallback(services.strategy);
        if (stale == null) {
            return false;
        }
        closeUpstream();
        serveStored(stale, Freshness.currentAge(stale.headers(), stale.requestTime(), stale.responseTime(),
                services.clock.instant()), CacheResult.STALE);
        return true;
    }

    /** Answers from a stored response (see {@link StoredAnswer}). */
    private void serveStored(StoredResponse stored, Duration age, CacheResult result) {
        ticket.result = result;
        FullHttpResponse response = StoredAnswer.answer(ticket.verdict, stored, request, age,
                services.loops.viaElement("1.1"), clientKeepAlive);
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
        if (leg != null) {
            leg.end();
        }
        if (cacheStep != null) {
            cacheStep.end();
        } else if (ticket != null) {
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
        Channel peer = leg.detachForTunnel();
        client.writeAndFlush(established).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                peer.close();
                return;
            }
            Tunnels.splice(client, peer, services.config.idleTimeout());
        });
        done = true;
        finishRecord();
        owner.tunnelled();
    }

    private void startUpgradeTunnel() {
        Channel peer = leg.detachForTunnel();
        finishRecord();
        owner.tunnelled();
        Tunnels.splice(client, peer, services.config.idleTimeout());
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
        InetSocketAddress to = target == null ? null : target.connectTo();
        if (to == null) {
            return url;
        }
        return to.isUnresolved() ? to.getHostString() + ":" + to.getPort()
                : to.getAddress().getHostAddress() + ":" + to.getPort();
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
