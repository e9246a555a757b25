package gateway.dhcp.lease;

import java.time.Duration;
import java.util.Optional;

/**
 * The lease time granted to a client (RFC 2131 section 4.3.1): the time it asked for in option
 * 51, but never more than the subnet's configured lease time and never less than {@link #FLOOR};
 * the configured time when it asked for none.
 */
final class LeaseTime {
    /**
     * The shortest lease we grant. A client asking for seconds would renew at T1 = ½ of that, each
     * renewal an fsynced journal line, and would soon trip the per-client rate limit (60/min by
     * default) and lose its lease. 60 s (T1 = 30 s, two requests a minute) is the shortest lease
     * the config accepts and as long as an OFFER holds its address, so it needs no config knob.
     */
    static final Duration FLOOR = Duration.ofSeconds(60);

    private LeaseTime() {
    }

    static Duration grant(Duration configured, Optional<Duration> requested) {
        if (requested.isEmpty()) {
            return configured;
        }
        Duration floored = requested.get().compareTo(FLOOR) < 0 ? FLOOR : requested.get();
        return floored.compareTo(configured) > 0 ? configured : floored;
    }
}
