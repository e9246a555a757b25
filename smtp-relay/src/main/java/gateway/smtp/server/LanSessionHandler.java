package gateway.smtp.server;

import gateway.smtp.metrics.SmtpRelayListener;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * Decides, before the greeting, whether a client may talk to us at all: only LAN sources (never an open relay)
 * and at most a few sessions per source. A refusal is the 554 greeting of RFC 5321 section 3.1 (no service),
 * or 421 (try later) for the per-source limit.
 */
final class LanSessionHandler implements SessionHandler {
    private final Predicate<InetAddress> lan;
    private final int maxPerClient;
    private final SmtpRelayListener listener;
    private final CommandPhaseDeadline deadline;
    private final EsmtpSessions esmtp;
    private final Map<InetAddress, Integer> open = new HashMap<>();

    LanSessionHandler(Predicate<InetAddress> lan, int maxPerClient, SmtpRelayListener listener,
                      CommandPhaseDeadline deadline, EsmtpSessions esmtp) {
        this.lan = lan;
        this.maxPerClient = maxPerClient;
        this.listener = listener;
        this.deadline = deadline;
        this.esmtp = esmtp;
    }

    @Override
    public SessionAcceptance accept(Session session) {
        InetAddress client = session.getRemoteAddress().getAddress();
        if (!lan.test(client)) {
            String why = "5.7.1 " + client.getHostAddress() + " is not in the LAN: relaying denied";
            listener.sessionRefused(client, 554, why);
            return SessionAcceptance.failure(554, why);
        }
        synchronized (open) {
            int n = open.getOrDefault(client, 0);
            if (n >= maxPerClient) {
                String why = "4.7.0 too many connections from " + client.getHostAddress() + ", try again later";
                listener.sessionRefused(client, 421, why);
                return SessionAcceptance.failure(421, why);
            }
            open.put(client, n + 1);
        }
        deadline.start(session);
        return SessionAcceptance.success();
    }

    @Override
    public void onSessionEnd(Session session) {
        deadline.stop(session);
        esmtp.ended(session);
        InetAddress client = session.getRemoteAddress().getAddress();
        synchronized (open) {
            open.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
        }
    }
}
