package gateway.proxy.handler;

import gateway.proxy.cache.Fields;
import gateway.proxy.cache.StoredResponse;
import gateway.proxy.codec.HopByHop;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Set;

/**
 * The response half of an exchange: streams the origin's response to the client as it arrives,
 * with Via added, hop-by-hop fields removed and the framing fitted to the client
 * ({@link ResponseFraming}); 1xx heads go straight through; the cache captures what it may
 * store; the upstream stops reading while the client cannot take more. Where the response ends
 * otherwise (a malformed head, a server error that stale-if-error replaces, our own
 * revalidation's 304, a 101) the {@link Owner} takes over. Runs on the client's event loop.
 */
final class ResponseRelay {
    /** The exchange the relay reports to; each method ends the relay's part. */
    interface Owner {
        /** The head could not be decoded. */
        void malformedResponse(Throwable cause);

        /** A 500, 502, 503 or 504 arrived: whether a stale stored response was served instead (RFC 5861). */
        boolean servedStaleInstead();

        /** The 304 to our own revalidation has been read whole: the refreshed stored response answers. */
        void revalidated(StoredResponse refreshed);

        /** A 101 was relayed: the connections become a byte tunnel. */
        void upgraded();

        /** The whole response was relayed; {@code closeClient}: the client connection must close now. */
        void relayed(boolean closeClient);
    }

    /** The statuses stale-if-error covers (RFC 5861 section 4). */
    private static final Set<Integer> SERVER_ERRORS = Set.of(500, 502, 503, 504);
    private final ProxyServices services;
    private final Channel client;
    private final HttpRequest request;
    private final boolean clientKeepAlive;
    private final CacheTicket ticket;
    private final UpstreamLeg leg;
    private final Owner owner;
    private boolean started;
    private boolean informational;
    private boolean upgrade;
    private boolean upstreamKeepAlive;
    private boolean closeClient;
    private StoredResponse refreshed;
    private int status;
    private long bytes;

    ResponseRelay(ProxyServices services, Channel client, HttpRequest request, boolean clientKeepAlive,
            CacheTicket ticket, UpstreamLeg leg, Owner owner) {
        this.services = services;
        this.client = client;
        this.request = request;
        this.clientKeepAlive = clientKeepAlive;
        this.ticket = ticket;
        this.leg = leg;
        this.owner = owner;
    }

    /** Whether a final response head has gone to the client: from now on a failure can only close it. */
    boolean started() {
        return started;
    }

    int status() {
        return status;
    }

    /** Body bytes relayed so far. */
    long bytes() {
        return bytes;
    }

    /** Whether the origin allows its connection to be reused after this response. */
    boolean upstreamKeepAlive() {
        return upstreamKeepAlive;
    }

    /** A response part from the origin; the relay owns it. */
    void read(HttpObject msg) {
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                Throwable cause = response.decoderResult().cause();
                ReferenceCountUtil.release(msg);
                owner.malformedResponse(cause);
                return;
            }
            if (SERVER_ERRORS.contains(response.status().code()) && owner.servedStaleInstead()) {
                ReferenceCountUtil.release(msg); // the rest of this response is dropped with its connection
                return;
            }
            head(response);
            if (msg instanceof HttpContent && !upgrade) {
                content((HttpContent) msg);
            }
        } else if (msg instanceof HttpContent content) {
            content(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void head(HttpResponse response) {
        int code = response.status().code();
        String via = services.loops.viaElement(RequestRewrite.versionText(response.protocolVersion()));
        if (code >= 100 && code < 200 && code != 101) {
            // 100 Continue and friends go straight through; the final response follows.
            informational = true;
            response.headers().add(HttpHeaderNames.VIA, via);
            client.write(response);
            return;
        }
        upstreamKeepAlive = HttpUtil.isKeepAlive(response);
        HttpHeaders headers = response.headers();
        String upgradeTo = headers.get(HttpHeaderNames.UPGRADE);
        HopByHop.strip(headers);
        if (ticket != null) {
            Fields fields = CacheTicket.fields(headers);
            if (code == 304 && ticket.validating() != null) {
                // Our own revalidation: the client gets the refreshed stored response instead.
                refreshed = ticket.confirmed(fields, services.clock.instant());
                return;
            }
            ticket.responseHead(code, response.status().reasonPhrase(), fields, services.clock.instant());
        }
        status = code;
        started = true;
        upgrade = code == 101;
        headers.add(HttpHeaderNames.VIA, via);
        closeClient = ResponseFraming.apply(response, request, clientKeepAlive, upgrade, upgradeTo);
        client.write(response);
        if (upgrade) {
            // Netty's client codec switches to raw bytes after a 101; so does the connection now.
            client.flush();
            owner.upgraded();
        }
    }

    private void content(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (informational) {
            client.write(content);
            if (last) {
                informational = false;
                client.flush();
            }
            return;
        }
        if (refreshed != null) {
            content.release(); // the 304's (empty) body
            if (last) {
                owner.revalidated(refreshed);
            }
            return;
        }
        if (!started) {
            content.release();
            return;
        }
        bytes += content.content().readableBytes();
        if (ticket != null) {
            ticket.body(content.content());
        }
        client.write(content);
        if (last) {
            client.flush();
            if (ticket != null) {
                ticket.complete();
            }
            owner.relayed(closeClient);
        } else if (!client.isWritable()) {
            leg.reading(false);
        }
    }
}
