package gateway.proxy.config;

/**
 * Which source address the proxy uses for upstream connections of intercepted (transparent)
 * requests. Explicit-mode requests always use the gateway's own address.
 */
public enum SpoofMode {
    /** Try the client's address; if such connects time out while plain ones work, fall back for good. */
    AUTO,
    /** Always connect from the client's address (IP_TRANSPARENT on the outbound socket). */
    ALWAYS,
    /** Always connect from the gateway's own address. */
    NEVER;

    /** Parses the config spelling {@code auto|always|never}. */
    public static SpoofMode parse(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> AUTO;
            case "always" -> ALWAYS;
            case "never" -> NEVER;
            default -> throw new IllegalArgumentException(
                    "spoof_client_address must be auto, always or never, not '" + text + "'");
        };
    }
}
