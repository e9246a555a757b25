package gateway.smtp.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.subethamail.smtp.server.Session;

/**
 * Which sessions greeted with EHLO rather than HELO, for the protocol in our Received field (RFC 3848: ESMTP only
 * after EHLO). SubEthaSMTP's session keeps the name given, not the command.
 */
final class EsmtpSessions {
    private final Set<Session> ehlo = ConcurrentHashMap.newKeySet();

    void greetedWithEhlo(Session s) {
        ehlo.add(s);
    }

    boolean isEsmtp(Object session) {
        return session instanceof Session s && ehlo.contains(s);
    }

    void ended(Session s) {
        ehlo.remove(s);
    }
}
