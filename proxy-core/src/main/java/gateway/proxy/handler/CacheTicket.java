package gateway.proxy.handler;

import gateway.proxy.cache.CacheDecision;
import gateway.proxy.cache.CacheStrategy;
import gateway.proxy.cache.ConditionalRequest;
import gateway.proxy.cache.Fields;
import gateway.proxy.cache.HttpCache;
import gateway.proxy.cache.Invalidation;
import gateway.proxy.cache.Storability;
import gateway.proxy.cache.StoredResponse;
import gateway.proxy.cache.VaryKey;
import gateway.proxy.intercept.Target;
import gateway.proxy.metrics.CacheResult;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The cache's part in one exchange: the lookup decision, the conditional fields of a
 * revalidation, capturing a storable response as it streams past, and storing it at the end,
 * but only when the Host-forgery check passed. Unsafe methods invalidate what they touch.
 */
final class CacheTicket {
    private static final List<String> CLIENT_CONDITIONALS = List.of("If-None-Match", "If-Modified-Since",
            "If-Match", "If-Unmodified-Since", "If-Range");
    private final HttpCache cache;
    private final String method;
    private final String url;
    private final Fields request;
    private StoredResponse validating;
    private CompletionStage<Boolean> hostMatches = CompletableFuture.completedFuture(true);
    private ByteArrayOutputStream capture;
    /** The body when its length was announced: copied straight into place, no growing or final copy. */
    private byte[] sized;
    private int sizedAt;
    private Fields responseFields;
    private int status;
    private String reason;
    private Instant requestTime;
    private Instant responseTime;
    CacheResult result = CacheResult.BYPASS;
    /** Whether a fresh stored response satisfies the client's own conditions: answer 304. */
    boolean notModified;
    /** Whether a miss may wait for another request's fetch (plain GET: no conditionals, no range). */
    boolean collapsible;

    private CacheTicket(HttpCache cache, String method, String url, Fields request) {
        this.cache = cache;
        this.method = method;
        this.url = url;
        this.request = request;
    }

    static Fields fields(HttpHeaders headers) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (Map.Entry<String, String> e : headers) {
            list.add(Map.entry(e.getKey(), e.getValue()));
        }
        return Fields.of(list);
    }

    /**
     * Looks the request up. Returns the decision; a {@link CacheDecision.Validate} has already put
     * its conditions into {@code headers}. Requests carrying their own conditionals or ranges go to
     * the origin as they are (the response may still be stored).
     */
    static CacheTicket open(HttpCache cache, CacheStrategy strategy, HostCheck hostCheck, String method,
            Target target, HttpHeaders headers, CacheDecision[] decision) {
        CacheTicket ticket = new CacheTicket(cache, method, target.url(), fields(headers));
        decision[0] = new CacheDecision.Fetch();
        if (method.equals("HEAD")) {
            // A fresh stored GET answers a HEAD too (RFC 9110 section 9.3.2); otherwise it goes on as is.
            boolean plain = CLIENT_CONDITIONALS.stream().noneMatch(headers::contains);
            CacheDecision d = strategy.decide("GET", ticket.request, cache.lookup(ticket.url, ticket.request));
            if (plain && d instanceof CacheDecision.Serve) {
                decision[0] = d;
            }
            return ticket;
        }
        if (!method.equals("GET")) {
            return ticket;
        }
        ticket.result = CacheResult.MISS;
        boolean ownConditions = CLIENT_CONDITIONALS.stream().anyMatch(headers::contains);
        ticket.collapsible = !ownConditions && !headers.contains("Range");
        StoredResponse stored = cache.lookup(ticket.url, ticket.request);
        CacheDecision d = strategy.decide(method, ticket.request, stored);
        if (d instanceof CacheDecision.Serve serve && ownConditions) {
            if (ConditionalRequest.evaluable(ticket.request) && !headers.contains("Range")) {
                ticket.notModified = ConditionalRequest.notModified(ticket.request, serve.stored().headers());
            } else {
                d = new CacheDecision.Fetch();
            }
        }
        if (d instanceof CacheDecision.Validate v) {
            if (ownConditions || headers.contains("Range")) {
                d = new CacheDecision.Fetch();
            } else {
                ticket.validating = v.stored();
                v.conditions().entries().forEach(e -> headers.set(e.getKey(), e.getValue()));
            }
        }
        decision[0] = d;
        if (target.intercepted() && !(d instanceof CacheDecision.Serve)) {
            ticket.hostMatches = hostCheck.matches(target.host(), target.connectTo().getAddress());
        }
        return ticket;
    }

    void requestSent(Instant when) {
        requestTime = when;
    }

    /** The stored response a 304 would confirm, or null. */
    StoredResponse validating() {
        return validating;
    }

    /** A final response head arrived; decides whether its body is captured. */
    void responseHead(int code, String phrase, Fields fields, Instant when) {
        status = code;
        reason = phrase;
        responseFields = fields;
        responseTime = when;
        for (String stale : Invalidation.targets(method, url, code, fields)) {
            cache.invalidate(stale);
        }
        if (Storability.refusal(method, request, code, fields) != null) {
            return;
        }
        String length = fields.get("Content-Length");
        long max = cache.config().maxObjectBytes();
        try {
            if (length != null && Long.parseLong(length.trim()) > max) {
                return;
            }
        } catch (NumberFormatException e) {
            return;
        }
        if (length == null) {
            capture = new ByteArrayOutputStream(8192);
        } else {
            sized = new byte[(int) Long.parseLong(length.trim())];
        }
    }

    /** A 304 confirmed the stored response: store and return the refreshed one. */
    StoredResponse confirmed(Fields notModified, Instant when) {
        StoredResponse refreshed = validating.refreshedBy(notModified, requestTime, when);
        cache.store(refreshed);
        result = CacheResult.REVALIDATED;
        return refreshed;
    }

    void body(ByteBuf content) {
        if (sized != null) {
            int n = content.readableBytes();
            if (sizedAt + n > sized.length) {
                sized = null; // more than announced: the framing is broken, store nothing
                return;
            }
            content.getBytes(content.readerIndex(), sized, sizedAt, n);
            sizedAt += n;
            return;
        }
        if (capture == null) {
            return;
        }
        int n = content.readableBytes();
        if (capture.size() + (long) n > cache.config().maxObjectBytes()) {
            capture = null;
            return;
        }
        byte[] chunk = new byte[n];
        content.getBytes(content.readerIndex(), chunk);
        capture.write(chunk, 0, n);
    }

    /** The body is complete: store it if the Host check has passed by now (it never blocks). */
    void complete() {
        byte[] body;
        if (sized != null && sizedAt == sized.length) {
            body = sized;
        } else if (capture != null) {
            body = capture.toByteArray();
        } else {
            return;
        }
        Boolean hostOk = hostMatches.toCompletableFuture().getNow(false);
        if (!Boolean.TRUE.equals(hostOk)) {
            return;
        }
        cache.store(new StoredResponse(url, VaryKey.of(responseFields, request), status, reason,
                responseFields.without("Content-Length", "Transfer-Encoding"), requestTime, responseTime,
                body));
        capture = null;
        sized = null;
    }

    /** The response was cut short: nothing is stored. */
    void abandon() {
        capture = null;
        sized = null;
    }
}
