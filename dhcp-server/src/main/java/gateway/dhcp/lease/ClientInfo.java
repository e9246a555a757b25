package gateway.dhcp.lease;

import gateway.dhcp.codec.DhcpMessage;
import gateway.dhcp.codec.OptionCode;
import java.util.Optional;

/** The facts about a requesting client that lease decisions use. */
public record ClientInfo(ClientKey key, String mac, Optional<String> hostName) {
    public ClientInfo {
        if (key == null || mac == null || hostName == null) {
            throw new IllegalArgumentException("client fields are required");
        }
        hostName = hostName.map(ClientInfo::sanitize).filter(h -> !h.isEmpty());
    }

    public static ClientInfo of(DhcpMessage m) {
        return new ClientInfo(ClientKey.of(m), m.mac(), m.options().text(OptionCode.HOST_NAME));
    }

    /** Keeps a host name usable as one DNS label; clients send anything (RFC 2132 section 3.14 is loose). */
    static String sanitize(String name) {
        String first = name.split("\\.", 2)[0];
        String clean = first.replaceAll("[^A-Za-z0-9-]", "-").replaceAll("^-+|-+$", "");
        return clean.length() > 63 ? clean.substring(0, 63) : clean;
    }
}
