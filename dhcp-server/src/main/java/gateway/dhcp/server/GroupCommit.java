package gateway.dhcp.server;

import gateway.dhcp.lease.LeaseStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the lease store's fsyncs on a thread of their own, so the event loop keeps answering
 * DISCOVERs (and reading the next REQUESTs) while the disk flushes: measured here, an fsync on the
 * loop itself cut the handshake rate in half under load. The loop {@linkplain #request asks} once
 * per batch of datagrams that bound leases; every lease bound until the sync starts rides on it
 * (group commit), and the ACKs leave from the futures it completes. Changes no reply waits for
 * (releases, expiries, declines) are written and fsynced by a {@linkplain LeaseStore#flush flush}
 * at most {@link #FLUSH} later, or with the next ACK's sync.
 */
final class GroupCommit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    /** The longest a change nobody waits for stays unsynced. */
    static final Duration FLUSH = Duration.ofSeconds(1);

    private final LeaseStore store;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean closed;

    GroupCommit(LeaseStore store) {
        this.store = store;
        this.thread = new Thread(this::run, "dhcp-lease-journal");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Asks for a sync of everything persisted so far; cheap when one is already asked for. */
    void request() {
        if (requested.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        long flushEvery = FLUSH.toNanos();
        while (!closed) {
            if (!requested.get()) {
                LockSupport.parkNanos(this, flushEvery);
            }
            try {
                if (requested.getAndSet(false)) {
                    store.sync();
                } else {
                    store.flush(); // a quiet second: make releases and expiries durable too
                }
            } catch (RuntimeException e) {
                log.error("lease journal sync failed", e); // the store has failed the waiting futures
            }
        }
    }

    /** Stops the thread after a last flush of everything queued. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.flush();
    }
}
