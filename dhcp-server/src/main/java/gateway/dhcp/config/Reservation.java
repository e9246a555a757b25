package gateway.dhcp.config;

import gateway.dhcp.codec.Ipv4;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * A fixed address for one client, found by its client identifier (option 61, hex) or, when that
 * is absent, by its MAC. Exactly one of {@code mac} and {@code clientId} is set.
 */
public record Reservation(Optional<String> mac, Optional<String> clientId, Ipv4 address, Optional<String> hostName) {
    public Reservation {
        if (mac == null || clientId == null || hostName == null || address == null) {
            throw new IllegalArgumentException("use Optional.empty(), not null");
        }
        if (mac.isPresent() == clientId.isPresent()) {
            throw new IllegalArgumentException("a reservation names either a MAC or a client id: " + address);
        }
        mac = mac.map(Reservation::normalizeMac);
        clientId = clientId.map(Reservation::normalizeHex);
        hostName.ifPresent(Reservation::checkHostName);
    }

    public static Reservation byMac(String mac, Ipv4 address, String hostName) {
        return new Reservation(Optional.of(mac), Optional.empty(), address, Optional.ofNullable(hostName));
    }

    public static Reservation byClientId(String hexClientId, Ipv4 address, String hostName) {
        return new Reservation(Optional.empty(), Optional.of(hexClientId), address, Optional.ofNullable(hostName));
    }

    static String normalizeMac(String mac) {
        String hex = mac.replaceAll("[:\\-.]", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{12}")) {
            throw new IllegalArgumentException("not a MAC address: " + mac);
        }
        return HexFormat.ofDelimiter(":").formatHex(HexFormat.of().parseHex(hex));
    }

    static String normalizeHex(String id) {
        String hex = id.replaceAll("[:\\-]", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("([0-9a-f]{2}){2,}")) {
            throw new IllegalArgumentException("client id must be at least two hex bytes: " + id);
        }
        return hex;
    }

    static void checkHostName(String name) {
        if (!name.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")) {
            throw new IllegalArgumentException("host name must be one DNS label: " + name);
        }
    }
}
