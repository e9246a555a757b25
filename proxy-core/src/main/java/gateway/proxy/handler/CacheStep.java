package gateway.proxy.handler;

import gateway.proxy.cache.CacheDecision;
import gateway.proxy.cache.StoredResponse;
import gateway.proxy.intercept.Target;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The cache's turn in an exchange, before any upstream connection: look the request up (a disk
 * read continues on the exchange's loop when done), then serve what is stored, wait for another
 * request's fetch of the same URL (request collapsing, bounded by the response timeout), or let
 * the exchange fetch. {@link #end()} gives back what it holds and wakes the requests waiting for
 * this one's fetch.
 */
final class CacheStep {
    /** Where the step leads the exchange; called on the exchange's loop, at most once. */
    interface Outcome {
        void serve(StoredResponse stored, Duration age);

        void fetch();
    }

    private final ProxyServices services;
    private final EventLoop loop;
    private final CacheTicket ticket;
    private final Target target;
    private final HttpHeaders requestHeaders;
    private final Outcome outcome;
    private boolean leader;
    private boolean waiting;
    private boolean ended;
    private ScheduledFuture<?> waitTimer;

    CacheStep(ProxyServices services, EventLoop loop, CacheTicket ticket, Target target, HttpHeaders requestHeaders,
            Outcome outcome) {
        this.services = services;
        this.loop = loop;
        this.ticket = ticket;
        this.target = target;
        this.requestHeaders = requestHeaders;
        this.outcome = outcome;
    }

    void start() {
        CompletableFuture<StoredResponse> found = ticket.find();
        if (found.isDone()) {
            consult(found.getNow(null));
        } else {
            found.whenComplete((stored, error) -> loop.execute(() -> consult(stored)));
        }
    }

    private void consult(StoredResponse found) {
        if (ended) {
            if (found != null) {
                found.body().release(); // the exchange ended while the disk was read
            }
            return;
        }
        CacheDecision decision = ticket.decide(found, services.strategy, services.hostCheck, target, requestHeaders);
        if (decision instanceof CacheDecision.Serve serve) {
            outcome.serve(serve.stored(), serve.age());
            return;
        }
        String url = target.url();
        if (decision instanceof CacheDecision.Fetch && ticket.collapsible) {
            if (services.inFlight.leadOrWait(url, () -> loop.execute(this::flightLanded))) {
                leader = true;
            } else {
                waiting = true;
                services.listener.requestCollapsed(url);
                waitTimer = loop.schedule(this::flightLanded, services.config.responseTimeout().toMillis(),
                        TimeUnit.MILLISECONDS);
                return;
            }
        }
        outcome.fetch();
    }

    /** The fetch this request waited for ended (or the wait timed out): serve from memory or fetch. */
    private void flightLanded() {
        if (!waiting || ended) {
            return;
        }
        waiting = false;
        waitTimer.cancel(false);
        CacheDecision decision = ticket.lookAgain(services.strategy);
        if (decision instanceof CacheDecision.Serve serve) {
            outcome.serve(serve.stored(), serve.age());
        } else {
            outcome.fetch();
        }
    }

    /** The exchange is over (stored what it could): wake the waiters, give back the ticket's hold. */
    void end() {
        ended = true;
        if (waitTimer != null) {
            waitTimer.cancel(false);
        }
        if (leader) {
            leader = false;
            services.inFlight.landed(target.url());
        }
        ticket.release();
    }
}
