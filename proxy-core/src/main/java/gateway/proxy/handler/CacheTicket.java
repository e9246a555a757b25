package gateway.proxy.handler;

import gateway.proxy.cache.CacheDecision;
import gateway.proxy.cache.CacheStrategy;
import gateway.proxy.cache.ConditionalRequest;
import gateway.proxy.cache.Fields;
import gateway.proxy.cache.HeadFreshening;
import gateway.proxy.cache.HttpCache;
import gateway.proxy.cache.Invalidation;
import gateway.proxy.cache.Storability;
import gateway.proxy.cache.StoredBody;
import gateway.proxy.cache.StoredResponse;
import gateway.proxy.cache.VaryKey;
import gateway.proxy.intercept.Target;
import gateway.proxy.metrics.CacheResult;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The cache's part in one exchange: the lookup decision, the conditional fields of a
 * revalidation, capturing a storable response as it streams past, and storing it at the end,
 * but only when the Host-forgery check passed. Unsafe methods invalidate what they touch.
 *
 * <p>References: the ticket holds the stored response it looked up (serving or revalidating it)
 * and the off-heap buffer it captures into; {@link #release()} gives both back, once, when the
 * exchange ends however it ends.
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
    /** The body being captured, off the heap; sized exactly when the length was announced. */
    private ByteBuf capture;
    private long announced = -1;
    /** The stored response this exchange looked up and holds a reference to, or null. */
    private StoredResponse held;
    private Fields responseFields;
    private int status;
    private String reason;
    private Instant requestTime;
    private Instant responseTime;
    CacheResult result = CacheResult.BYPASS;
    /** What the client's own preconditions make of the fresh stored response that answers it. */
    ConditionalRequest.Verdict verdict = ConditionalRequest.Verdict.SERVE;
    /** Whether a miss may wait for another request's fetch (plain GET: no conditionals, no range). */
    boolean collapsible;

    private CacheTicket(HttpCache cache, String method, String url, Fields request) {
        this.cache = cache;
        this.method = method;
        this.url = url;
        this.request = request;
    }

    static Fields fields(HttpHeaders headers) {
        Fields.Builder fields = Fields.builder(headers.size());
        Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            fields.add(e.getKey().toString(), e.getValue().toString());
        }
        return fields.build();
    }

    /** A ticket for the request; nothing is looked up yet. */
    static CacheTicket create(HttpCache cache, String method, Target target, HttpHeaders headers) {
        CacheTicket ticket = new CacheTicket(cache, method, target.url(), fields(headers));
        if (method.equals("GET")) {
            ticket.result = CacheResult.MISS;
        }
        return ticket;
    }

    /**
     * Looks the request up without blocking: done at once unless the disk tier has to be read
     * (then it completes on the cache's reader thread). Only GET and HEAD are looked up.
     */
    CompletableFuture<StoredResponse> find() {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return CompletableFuture.completedFuture(null);
        }
        return cache.find(url, request);
    }

    /**
     * Decides with what {@link #find} found; the ticket takes over its reference. A
     * {@link CacheDecision.Validate} has already put its conditions into {@code headers}. A
     * fresh stored response answers the client's own preconditions too ({@link #verdict});
     * requests with their own conditionals or ranges that meet a stale one go to the origin as
     * they are (the response may still be stored).
     */
    CacheDecision decide(StoredResponse found, CacheStrategy strategy, HostCheck hostCheck, Target target,
            HttpHeaders headers) {
        held = found;
        CacheDecision d = decideHeld(strategy, headers);
        if (d instanceof CacheDecision.Fetch && !method.equals("HEAD")
                && !(method.equals("GET") && strategy.staleIfError(request, held))) {
            releaseHeld(); // kept only as the stale-if-error fallback, or for a HEAD's answer to update
        }
        boolean mayWrite = method.equals("GET") || (method.equals("HEAD") && held != null);
        if (mayWrite && target.intercepted() && !(d instanceof CacheDecision.Serve)) {
            // what the origin answers is stored (GET) or updates a stored response (HEAD) only
            // when the Host names the original destination
            hostMatches = hostCheck.matches(target.host(), target.connectTo().getAddress());
        }
        return d;
    }

    private CacheDecision decideHeld(CacheStrategy strategy, HttpHeaders headers) {
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            return new CacheDecision.Fetch();
        }
        boolean ownConditions = hasAny(headers, CLIENT_CONDITIONALS);
        boolean ranged = !head && headers.contains("Range");
        collapsible = !head && !ownConditions && !ranged;
        // A fresh stored GET answers a HEAD too (RFC 9110 section 9.3.2).
        CacheDecision d = strategy.decide("GET", request, held);
        if (d instanceof CacheDecision.Serve serve) {
            verdict = ConditionalRequest.evaluate(request, serve.stored().status(), serve.stored().headers());
            return d;
        }
        if (d instanceof CacheDecision.Validate v && !head && !ownConditions && !ranged) {
            validating = v.stored();
            v.conditions().forEach(headers::set);
            return d;
        }
        return new CacheDecision.Fetch();
    }

    /**
     * The stale stored response that may answer a GET because the origin failed (RFC 5861), or
     * null; the ticket keeps holding it.
     */
    StoredResponse staleFallback(CacheStrategy strategy) {
        return method.equals("GET") && strategy.staleIfError(request, held) ? held : null;
    }

    /**
     * Looks again, in memory only, after waiting for another request's fetch (which stored what
     * it could there); the ticket holds what it finds. Anything but a fresh hit is a fetch.
     */
    CacheDecision lookAgain(CacheStrategy strategy) {
        releaseHeld();
        held = cache.lookupInMemory(url, request);
        CacheDecision d = strategy.decide(method, request, held);
        if (!(d instanceof CacheDecision.Serve)) {
            releaseHeld();
            d = new CacheDecision.Fetch();
        }
        return d;
    }

    private static boolean hasAny(HttpHeaders headers, List<String> names) {
        for (String name : names) {
            if (headers.contains(name)) {
                return true;
            }
        }
        return false;
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
        if (method.equals("HEAD") && code == 200 && held != null) {
            freshenFromHead(fields, when);
            return;
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
            capture = StoredBody.allocate((int) Math.min(8192, max), (int) max);
        } else {
            announced = Long.parseLong(length.trim());
            capture = StoredBody.allocate((int) announced, (int) announced);
        }
    }

    /** A 304 confirmed the stored response: store and return the refreshed one. */
    StoredResponse confirmed(Fields notModified, Instant when) {
        StoredResponse refreshed = validating.refreshedBy(notModified, requestTime, when);
        cache.store(refreshed);
        result = CacheResult.REVALIDATED;
        return refreshed;
    }

    /** RFC 9111 section 4.3.5: a HEAD's 200 updates the stored GET response it agrees with, or drops it. */
    private void freshenFromHead(Fields head, Instant when) {
        if (HeadFreshening.compare(head, held) == HeadFreshening.Outcome.UPDATE) {
            if (!Boolean.TRUE.equals(hostMatches.toCompletableFuture().getNow(false))) {
                return; // a forged Host must not rewrite another site's stored fields
            }
            cache.store(held.refreshedBy(head.without("Transfer-Encoding"), requestTime == null ? when : requestTime,
                    when));
        } else {
            cache.invalidate(url);
        }
    }

    void body(ByteBuf content) {
        if (capture == null) {
            return;
        }
        int n = content.readableBytes();
        if (n > capture.maxWritableBytes()) {
            // More than announced (broken framing) or than the largest object: store nothing.
            abandon();
            return;
        }
        capture.writeBytes(content, content.readerIndex(), n);
    }

    /** The body is complete: store it if the Host check has passed by now (it never blocks). */
    void complete() {
        if (capture == null) {
            return;
        }
        ByteBuf body = capture;
        capture = null;
        Boolean hostOk = hostMatches.toCompletableFuture().getNow(false);
        if ((announced >= 0 && body.readableBytes() != announced) || !Boolean.TRUE.equals(hostOk)) {
            body.release();
            return;
        }
        StoredBody stored = StoredBody.adopt(trimmed(body));
        try {
            cache.store(new StoredResponse(url, VaryKey.of(responseFields, request), status, reason,
                    responseFields.without("Content-Length", "Transfer-Encoding"), requestTime, responseTime,
                    stored));
        } finally {
            stored.release(); // the cache took its own
        }
    }

    /** A grown capture buffer with much room to spare is copied to its exact size: the tier weighs capacity. */
    private static ByteBuf trimmed(ByteBuf body) {
        int length = body.readableBytes();
        if (body.capacity() - length <= length / 8 + 64) {
            return body;
        }
        ByteBuf exact = StoredBody.allocate(length, length);
        exact.writeBytes(body, body.readerIndex(), length);
        body.release();
        return exact;
    }

    /** The response was cut short or is not stored after all: the capture is dropped. */
    void abandon() {
        if (capture != null) {
            capture.release();
            capture = null;
        }
    }

    private void releaseHeld() {
        if (held != null) {
            held.body().release();
            held = null;
        }
    }

    /** The exchange is over: gives back the looked-up response and any unfinished capture. */
    void release() {
        releaseHeld();
        abandon();
    }
}
