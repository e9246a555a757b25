package gateway.smtp.server;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.subethamail.smtp.server.Session;

/**
 * Bounds the time a session spends in commands: from the greeting, and again from the end of each DATA, to the next
 * DATA. The idle timeout applies per read, so without this a client sending a NOOP (or one byte) every few seconds
 * would hold a session and a connection slot forever. A session that runs over gets {@code 421 4.4.2} and is
 * closed (RFC 5321 section 3.8: the server may close with 421). Sending mail restarts the clock, so a client
 * that keeps delivering messages over one connection is never cut; DATA has its own deadline.
 *
 * <p>Call order per session: {@link #start}, then around each DATA {@link #pause} and {@link #start} (message
 * accepted) or {@link #resume} (refused: the clock goes on where it stopped), then {@link #stop} when the session
 * ends.
 */
final class CommandPhaseDeadline {
    private final ScheduledExecutorService timer;
    private final Duration max;
    private final Map<Session, ScheduledFuture<?>> running = new ConcurrentHashMap<>();
    private final Map<Session, Long> pausedWithMillisLeft = new ConcurrentHashMap<>();

    CommandPhaseDeadline(ScheduledExecutorService timer, Duration max) {
        this.timer = timer;
        this.max = max;
    }

    /** (Re)starts the full time for this session. */
    void start(Session s) {
        schedule(s, max.toMillis());
    }

    /** Stops the clock while DATA runs (it has its own deadline), keeping the time left. */
    void pause(Session s) {
        ScheduledFuture<?> f = running.remove(s);
        if (f != null && f.cancel(false)) {
            pausedWithMillisLeft.put(s, Math.max(0, f.getDelay(TimeUnit.MILLISECONDS)));
        }
    }

    /** Goes on with the time that was left at {@link #pause}. */
    void resume(Session s) {
        Long left = pausedWithMillisLeft.remove(s);
        if (left != null) {
            schedule(s, left);
        }
    }

    /** The session ended. */
    void stop(Session s) {
        pausedWithMillisLeft.remove(s);
        ScheduledFuture<?> f = running.remove(s);
        if (f != null) {
            f.cancel(false);
        }
    }

    private void schedule(Session s, long millis) {
        pausedWithMillisLeft.remove(s);
        ScheduledFuture<?> old = running.put(s, timer.schedule(() -> expire(s), millis, TimeUnit.MILLISECONDS));
        if (old != null) {
            old.cancel(false);
        }
    }

    /** Number of sessions being timed (for tests: none may be left behind). */
    int size() {
        return running.size() + pausedWithMillisLeft.size();
    }

    private void expire(Session s) {
        try {
            // The session thread is blocked reading the next command; replies are written whole under the
            // writer's lock, so this line cannot be interleaved with another.
            s.sendResponse("421 4.4.2 " + s.getServer().getHostName() + " session took longer than "
                    + max.toSeconds() + " s without sending mail, closing");
        } catch (IOException ignored) {
            // the client is gone anyway
        }
        try {
            s.getSocket().close(); // the blocked read fails and SubEthaSMTP ends the session
        } catch (IOException ignored) {
            // already closed
        }
    }
}
