package gateway.dhcp.config;

import gateway.dhcp.codec.Ipv4;

/** One classless static route for option 121 (RFC 3442): destination/prefix via router. */
public record StaticRoute(Ipv4 destination, int prefixLength, Ipv4 router) {
    public StaticRoute {
        if (destination == null || router == null) {
            throw new IllegalArgumentException("destination and router are required");
        }
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32: " + prefixLength);
        }
        if ((destination.bits() & ~Ipv4.mask(prefixLength).bits()) != 0) {
            throw new IllegalArgumentException("destination has host bits set: " + destination + "/" + prefixLength);
        }
    }

    /** Parses "203.0.113.0/24 via 192.0.2.1". */
    public static StaticRoute parse(String text) {
        String[] parts = text.trim().split("\\s+via\\s+");
        String[] dst = parts.length == 2 ? parts[0].split("/") : new String[0];
        if (dst.length != 2) {
            throw new IllegalArgumentException("route must look like 203.0.113.0/24 via 192.0.2.1: " + text);
        }
        return new StaticRoute(Ipv4.parse(dst[0]), Integer.parseInt(dst[1].trim()), Ipv4.parse(parts[1]));
    }
}
