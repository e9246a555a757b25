package gateway.dhcp.lease;

import gateway.dhcp.codec.DhcpMessage;
import gateway.dhcp.codec.OptionCode;
import java.time.Duration;
import java.util.Optional;

/**
 * The facts about a requesting client that lease decisions use; {@code requestedLeaseTime} is
 * option 51 of this DISCOVER or REQUEST (RFC 2131 section 4.3.1), empty when it sent none.
 */
public record ClientInfo(ClientKey key, String mac, Optional<String> hostName, Optional<Duration> requestedLeaseTime) {
    public ClientInfo {
        if (key == null || mac == null || hostName == null || requestedLeaseTime == null) {
            throw new IllegalArgumentException("client fields are required");
        }
        hostName = hostName.map(ClientInfo::sanitize).filter(h -> !h.isEmpty());
    }

    /** A client that asks for no particular lease time. */
    public ClientInfo(ClientKey key, String mac, Optional<String> hostName) {
        this(key, mac, hostName, Optional.empty());
    }

    public static ClientInfo of(DhcpMessage m) {
        return new ClientInfo(ClientKey.of(m), m.mac(), m.options().text(OptionCode.HOST_NAME),
                m.options().seconds(OptionCode.IP_ADDRESS_LEASE_TIME).map(Duration::ofSeconds));
    }

    /** Keeps a host name usable as one DNS label; clients send anything (RFC 2132 section 3.14 is loose). */
    static String sanitize(String name) {
        String first = name.split("\\.", 2)[0];
        String clean = first.replaceAll("[^A-Za-z0-9-]", "-").replaceAll("^-+|-+$", "");
        return clean.length() > 63 ? clean.substring(0, 63) : clean;
    }
}
