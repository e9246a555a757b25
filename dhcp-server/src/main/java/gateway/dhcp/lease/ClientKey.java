package gateway.dhcp.lease;

import gateway.dhcp.codec.DhcpMessage;
import gateway.dhcp.codec.OptionCode;
import java.util.HexFormat;

/**
 * Who a lease belongs to: the client identifier (option 61) when the client sends one, else its
 * hardware address (RFC 2131 section 4.2). Text form "id:0102..." or "hw:aa:bb:...".
 */
public record ClientKey(String value) {
    public ClientKey {
        if (value == null || !(value.startsWith("id:") || value.startsWith("hw:")) || value.length() < 5
                || !printable(value)) {
            throw new IllegalArgumentException("client key must be id:<hex> or hw:<mac>: " + value);
        }
    }

    /** Printable ASCII, no spaces (the key is a field of a journal line). */
    private static boolean printable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    public static ClientKey of(DhcpMessage m) {
        return m.options().get(OptionCode.CLIENT_IDENTIFIER)
                .map(id -> new ClientKey("id:" + HexFormat.of().formatHex(id)))
                .orElseGet(() -> new ClientKey("hw:" + m.mac()));
    }

    public static ClientKey ofMac(String mac) {
        return new ClientKey("hw:" + mac);
    }

    /** The client id in hex, or null when keyed by MAC. */
    public String clientIdHex() {
        return value.startsWith("id:") ? value.substring(3) : null;
    }

    @Override
    public String toString() {
        return value;
    }
}
