package gateway.proxy.upstream;

import gateway.proxy.config.SpoofMode;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the next upstream connection of an intercepted request spoofs the client's address.
 * In {@link SpoofMode#AUTO} spoofing stops for good once a spoofed connect timed out while a plain
 * one to the same origin worked: that pattern means replies to the client's address do not come
 * back through this gateway (the upstream router's route to the LAN bypasses it).
 */
public final class SpoofDecision {
    private final SpoofMode mode;
    private final boolean transparentSocketsAvailable;
    private final AtomicBoolean abandoned = new AtomicBoolean();

    public SpoofDecision(SpoofMode mode, boolean transparentSocketsAvailable) {
        this.mode = mode;
        this.transparentSocketsAvailable = transparentSocketsAvailable;
    }

    /** Whether to bind the upstream socket to the client's address. */
    public boolean spoof(boolean intercepted) {
        if (!intercepted || !transparentSocketsAvailable) {
            return false;
        }
        return switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> !abandoned.get();
        };
    }

    /** Whether a spoofed connect that timed out should be retried from the gateway's own address. */
    public boolean fallbackAllowed() {
        return mode == SpoofMode.AUTO;
    }

    /** Records that spoofing failed the way an asymmetric route does; true only the first time. */
    public boolean abandon() {
        return abandoned.compareAndSet(false, true);
    }

    public boolean abandoned() {
        return abandoned.get();
    }

    /** The one log line that names the cause and the fixes. */
    public static String diagnosis(String origin, String client) {
        return "spoof_client_address=auto: connects to " + origin + " from the client's address " + client
                + " time out while connects from the gateway's own address work, so the upstream router"
                + " sends replies for the LAN subnet past this gateway (asymmetric route). Using the"
                + " gateway's address from now on. Fix: on the upstream router add a route for the LAN"
                + " subnet via this gateway, or set spoof_client_address: never.";
    }
}
