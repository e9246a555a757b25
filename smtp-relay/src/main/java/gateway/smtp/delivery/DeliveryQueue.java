package gateway.smtp.delivery;

import gateway.smtp.bounce.BounceBuilder;
import gateway.smtp.config.QueueConfig;
import gateway.smtp.config.RelayHostConfig;
import gateway.smtp.metrics.SmtpRelayListener;
import gateway.smtp.spool.DeliveryState;
import gateway.smtp.spool.Envelope;
import gateway.smtp.spool.Spool;
import gateway.smtp.spool.SpoolCorruptException;
import gateway.smtp.spool.SpoolWriter;
import gateway.smtp.spool.SpooledMessage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery queue: a bounded number of workers, each holding one authenticated upstream connection that it
 * reuses while messages are due, and closes after {@link QueueConfig#idleClose()} without work. Each attempt's
 * per-recipient results are saved in the spool before anything else happens, so a restart repeats nothing that
 * succeeded. Without a configured relayhost the queue holds everything (and says so).
 */
public final class DeliveryQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryQueue.class);
    /** Marks spooled bounces so that a failing bounce is never bounced again (RFC 3464 section 2, loops). */
    public static final String BOUNCE_CLIENT = "bounce";

    private final Spool spool;
    private final RelayHostConfig relay;
    private final QueueConfig cfg;
    private final Clock clock;
    private final SmtpRelayListener listener;
    private final RetrySchedule schedule;
    private final BounceBuilder bounces;
    private final Supplier<UpstreamSession> sessions;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;
    private int inFlight;

    private static final class Entry {
        final SpooledMessage message;
        DeliveryState state;
        boolean busy;

        Entry(SpooledMessage message, DeliveryState state) {
            this.message = message;
            this.state = state;
        }
    }

    /**
     * @param sessions makes a new upstream session per worker (tests pass their own)
     */
    public DeliveryQueue(Spool spool, RelayHostConfig relay, QueueConfig cfg, Clock clock,
                         SmtpRelayListener listener, BounceBuilder bounces, Supplier<UpstreamSession> sessions) {
        this.spool = spool;
        this.relay = relay;
        this.cfg = cfg;
        this.clock = clock;
        this.listener = listener;
        this.schedule = new RetrySchedule(cfg);
        this.bounces = bounces;
        this.sessions = sessions;
    }

    /** Loads the recovered messages and starts the workers (none without a relayhost). */
    public void start(List<SpooledMessage> recovered) throws IOException {
        lock.lock();
        try {
            for (SpooledMessage m : recovered) {
                entries.put(m.id(), new Entry(m, spool.state(m)));
            }
        } finally {
            lock.unlock();
        }
        running = true;
        if (!relay.configured()) {
            log.warn("no relayhost configured: accepting and holding mail ({} queued) until one is set",
                    recovered.size());
            return;
        }
        for (int i = 0; i < cfg.concurrency(); i++) {
            Thread t = new Thread(this::work, "smtp-delivery-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /** A newly accepted message: due now. */
    public void submit(SpooledMessage m) {
        lock.lock();
        try {
            entries.put(m.id(), new Entry(m, DeliveryState.fresh(clock.instant())));
            changed.signal();
        } finally {
            lock.unlock();
        }
        if (!relay.configured()) {
            log.info("holding {}: no relayhost configured", m.id());
        }
    }

    /** Makes every message due now; returns how many there are. */
    public int flush() {
        lock.lock();
        try {
            Instant now = clock.instant();
            for (Entry e : entries.values()) {
                e.state = e.state.withNextAttempt(now);
            }
            changed.signalAll();
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    /** Removes a message from the queue and the spool (waits if it is being delivered right now). */
    public boolean delete(String id) throws IOException {
        lock.lock();
        try {
            Entry e = entries.get(id);
            if (e == null) {
                return false;
            }
            while (e.busy) {
                changed.awaitUninterruptibly();
            }
            entries.remove(id);
            return spool.remove(id);
        } finally {
            lock.unlock();
        }
    }

    /** The queue for {@code mailq}, oldest first. */
    public List<QueueEntry> snapshot() {
        lock.lock();
        try {
            List<QueueEntry> out = new ArrayList<>();
            for (Entry e : entries.values()) {
                out.add(view(e));
            }
            out.sort(Comparator.comparing(QueueEntry::receivedAt).thenComparing(QueueEntry::id));
            return out;
        } finally {
            lock.unlock();
        }
    }

    private static QueueEntry view(Entry e) {
        List<String> pending = new ArrayList<>(e.message.envelope().recipients());
        pending.removeAll(e.state.finished());
        return new QueueEntry(e.message.id(), e.message.envelope().sender(), e.message.envelope().receivedAt(),
                e.message.size(), pending, e.state.attempts(), e.state.nextAttempt(), e.state.lastError());
    }

    private Entry takeDue() throws InterruptedException {
        lock.lock();
        try {
            long idleDeadline = System.nanoTime() + cfg.idleClose().toNanos();
            while (running) {
                Instant now = clock.instant();
                Entry due = null;
                Instant earliest = null;
                for (Entry e : entries.values()) {
                    if (e.busy) {
                        continue;
                    }
                    if (!e.state.nextAttempt().isAfter(now)) {
                        due = e;
                        break;
                    }
                    earliest = earliest == null || e.state.nextAttempt().isBefore(earliest)
                            ? e.state.nextAttempt() : earliest;
                }
                if (due != null) {
                    due.busy = true;
                    inFlight++;
                    return due;
                }
                long idleLeft = idleDeadline - System.nanoTime();
                if (idleLeft <= 0) {
                    return null; // idle: caller closes its connection
                }
                long wait = idleLeft;
                if (earliest != null) {
                    wait = Math.min(wait, Math.max(1, Duration.between(now, earliest).toNanos()));
                }
                changed.awaitNanos(wait);
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        UpstreamSession session = sessions.get();
        try {
            while (running) {
                Entry e;
                try {
                    e = takeDue();
                } catch (InterruptedException ie) {
                    return;
                }
                if (e == null) {
                    session.close();
                    continue;
                }
                try {
                    attempt(e, session);
                } catch (SpoolCorruptException ex) {
                    quarantine(e, ex);
                } catch (RuntimeException | IOException ex) {
                    log.error("delivery of {} failed unexpectedly", e.message.id(), ex);
                    release(e, e.state.withNextAttempt(clock.instant().plus(cfg.retrySchedule().get(0))), false);
                }
            }
        } finally {
            session.close();
        }
    }

    private void attempt(Entry e, UpstreamSession session) throws IOException {
        SpooledMessage m = e.message;
        Envelope env = m.envelope();
        List<String> pending = new ArrayList<>(env.recipients());
        pending.removeAll(e.state.finished());
        byte[] content = spool.content(m.id());
        String sender = env.sender().isEmpty() || relay.rewriteSender().isEmpty() ? env.sender() : relay.rewriteSender();
        AttemptResult result = session.send(content, sender, pending, env.body(), env.smtpUtf8());
        Instant now = clock.instant();
        Set<String> finished = new HashSet<>(e.state.finished());
        List<BounceBuilder.Failure> permanent = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (result instanceof AttemptResult.PerRecipient pr) {
            for (RecipientResult r : pr.results()) {
                switch (r.status()) {
                    case DELIVERED -> {
                        finished.add(r.recipient());
                        listener.recipientDelivered(m.id(), r.recipient(), Duration.between(env.receivedAt(), now));
                        log.info("{}: delivered to <{}> via {}: {}", m.id(), r.recipient(), relay.host(), r.reply());
                    }
                    case PERMANENT -> {
                        finished.add(r.recipient());
                        permanent.add(new BounceBuilder.Failure(r.recipient(), r.reply(), false));
                        errors.add("<" + r.recipient() + ">: " + r.reply());
                    }
                    case TEMPORARY -> errors.add("<" + r.recipient() + ">: " + r.reply());
                }
            }
        } else if (result instanceof AttemptResult.Failed f) {
            errors.add(f.error());
            if (f.permanent()) {
                for (String r : pending) {
                    finished.add(r);
                    permanent.add(new BounceBuilder.Failure(r, f.error(), false));
                }
            }
        }
        String lastError = String.join("; ", errors);
        DeliveryState next = new DeliveryState(e.state.attempts() + 1, now, finished, lastError);
        List<String> remaining = new ArrayList<>(env.recipients());
        remaining.removeAll(finished);
        if (!remaining.isEmpty()) {
            RetrySchedule.Decision d = schedule.afterFailure(next.attempts(), env.receivedAt(), now);
            if (d instanceof RetrySchedule.RetryAt at) {
                next = next.withNextAttempt(at.when());
                listener.deliveryDeferred(m.id(), remaining.size(), lastError);
                log.warn("{}: deferred ({} recipient(s) left, attempt {}, next at {}): {}", m.id(), remaining.size(),
                        next.attempts(), at.when(), lastError);
            } else {
                for (String r : remaining) {
                    permanent.add(new BounceBuilder.Failure(r, lastError, true));
                    finished.add(r);
                }
                next = new DeliveryState(next.attempts(), now, finished, lastError);
                remaining.clear();
            }
        }
        // The progress is made durable before a bounce is queued, so a crash never repeats a delivery.
        boolean done = remaining.isEmpty();
        if (!done || !permanent.isEmpty()) {
            spool.saveState(m.id(), next);
        }
        if (!permanent.isEmpty()) {
            bounce(m, content, permanent);
        }
        release(e, next, done);
        if (done) {
            spool.removeDelivered(m.id());
        }
    }

    /** The file no longer passes its check (media damage): it is never delivered, and says so. */
    private void quarantine(Entry e, SpoolCorruptException ex) {
        log.error("{}: spool file is corrupt ({}); moved to corrupt/ and not delivered", e.message.id(),
                ex.getMessage());
        try {
            spool.quarantine(e.message.id());
        } catch (IOException io) {
            log.error("{}: cannot quarantine: {}", e.message.id(), io.toString());
        }
        release(e, e.state, true);
    }

    private void release(Entry e, DeliveryState state, boolean remove) {
        lock.lock();
        try {
            e.state = state;
            e.busy = false;
            inFlight--;
            if (remove) {
                entries.remove(e.message.id());
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void bounce(SpooledMessage m, byte[] content, List<BounceBuilder.Failure> failures) throws IOException {
        Envelope env = m.envelope();
        String to = env.sender();
        if (BOUNCE_CLIENT.equals(env.client())) {
            log.error("{}: a bounce could not be delivered; dropped (never bounce a bounce): {}", m.id(), failures);
            listener.bounced(m.id(), failures.size(), "bounce dropped");
            return;
        }
        if (to.isEmpty()) {
            to = cfg.postmaster();
        }
        if (to.isEmpty()) {
            log.error("{}: undeliverable mail with a null sender and no postmaster configured; dropped: {}", m.id(),
                    failures);
            listener.bounced(m.id(), failures.size(), "no postmaster");
            return;
        }
        byte[] report = bounces.build(m.id(), to, env.receivedAt(), content, failures);
        Envelope benv = new Envelope("", List.of(to), clock.instant(), BOUNCE_CLIENT, "");
        SpooledMessage b;
        try (SpoolWriter w = spool.create(benv)) {
            w.content().write(report);
            b = w.commit();
        }
        log.warn("{}: {} recipient(s) failed; bounce {} queued to <{}>", m.id(), failures.size(), b.id(), to);
        listener.bounced(m.id(), failures.size(), failures.get(0).diagnostic());
        submit(b);
    }

    /** Number of messages queued (including those being delivered). */
    public int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the workers, letting attempts in progress finish within {@code drain}. */
    public void stop(Duration drain) {
        lock.lock();
        try {
            running = false;
            changed.signalAll();
            long deadline = System.nanoTime() + drain.toNanos();
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        for (Thread t : workers) {
            t.interrupt();
        }
        for (Thread t : workers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        workers.clear();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }
}
