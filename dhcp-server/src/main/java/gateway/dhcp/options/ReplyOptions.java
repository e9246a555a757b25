package gateway.dhcp.options;

import gateway.dhcp.codec.DhcpOptions;
import gateway.dhcp.codec.MessageType;
import gateway.dhcp.codec.OptionCode;
import gateway.dhcp.config.SubnetConfig;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The options of one reply, in the order they are written (the encoder drops from the end when
 * the client's size limit is reached). Message type, server identifier and lease times first
 * (RFC 2131 table 3 says MUST), then the subnet mask, then what the client asked for in option 55
 * in its order (RFC 2131 section 4.3.1), or a useful default set when it asked for nothing.
 */
public final class ReplyOptions {
    /** What a client that sends no option 55 gets. */
    static final List<Integer> WITHOUT_REQUEST_LIST = List.of(
            OptionCode.ROUTER, OptionCode.DOMAIN_NAME_SERVER, OptionCode.DOMAIN_NAME, OptionCode.BROADCAST_ADDRESS);

    private ReplyOptions() {
    }

    /**
     * Options for OFFER and ACK; {@code leaseTime} empty for an ACK to DHCPINFORM, which carries
     * no lease (RFC 2131 section 4.3.5).
     */
    public static DhcpOptions forLease(MessageType type, SubnetConfig subnet, Optional<Duration> leaseTime,
            Optional<String> hostName, DhcpOptions request) {
        DhcpOptions.Builder b = DhcpOptions.builder().messageType(type)
                .putAddress(OptionCode.SERVER_IDENTIFIER, subnet.serverAddress());
        leaseTime.ifPresent(t -> {
            long s = t.toSeconds();
            b.putSeconds(OptionCode.IP_ADDRESS_LEASE_TIME, s);
            b.putSeconds(OptionCode.RENEWAL_TIME, s / 2); // RFC 2131 section 4.4.5: T1 = 0.5
            b.putSeconds(OptionCode.REBINDING_TIME, s * 7 / 8); // T2 = 0.875
        });
        b.putAddress(OptionCode.SUBNET_MASK, subnet.mask());
        List<Integer> wanted = request.has(OptionCode.PARAMETER_REQUEST_LIST)
                ? request.parameterRequestList() : WITHOUT_REQUEST_LIST;
        Set<Integer> seen = new LinkedHashSet<>();
        for (int code : wanted) {
            if (seen.add(code)) {
                put(b, code, subnet, hostName);
            }
        }
        echo(b, request);
        return b.build();
    }

    /** Options for DHCPNAK: type, server identifier and a message (RFC 2131 table 3). */
    public static DhcpOptions forNak(SubnetConfig subnet, String reason, DhcpOptions request) {
        DhcpOptions.Builder b = DhcpOptions.builder().messageType(MessageType.NAK)
                .putAddress(OptionCode.SERVER_IDENTIFIER, subnet.serverAddress())
                .putText(OptionCode.MESSAGE, reason.length() > 200 ? reason.substring(0, 200) : reason);
        echo(b, request);
        return b.build();
    }

    /** Client identifier back (RFC 6842) and relay agent information back (RFC 3046 section 2.2). */
    private static void echo(DhcpOptions.Builder b, DhcpOptions request) {
        request.get(OptionCode.CLIENT_IDENTIFIER).ifPresent(v -> b.put(OptionCode.CLIENT_IDENTIFIER, v));
        request.get(OptionCode.RELAY_AGENT_INFORMATION).ifPresent(v -> b.put(OptionCode.RELAY_AGENT_INFORMATION, v));
    }

    private static void put(DhcpOptions.Builder b, int code, SubnetConfig s, Optional<String> hostName) {
        switch (code) {
            case OptionCode.ROUTER -> b.putAddresses(code, s.routers());
            case OptionCode.DOMAIN_NAME_SERVER -> b.putAddresses(code, s.dnsServers());
            case OptionCode.DOMAIN_NAME -> s.domainName().ifPresent(d -> b.putText(code, d));
            case OptionCode.BROADCAST_ADDRESS -> b.putAddress(code, s.broadcast());
            case OptionCode.NTP_SERVERS -> {
                if (!s.ntpServers().isEmpty()) {
                    b.putAddresses(code, s.ntpServers());
                }
            }
            case OptionCode.CLASSLESS_STATIC_ROUTE -> {
                if (!s.staticRoutes().isEmpty()) {
                    b.put(code, ClasslessRoutes.encode(s.staticRoutes(), s.routers().get(0)));
                }
            }
            case OptionCode.HOST_NAME -> hostName.ifPresent(h -> b.putText(code, h));
            default -> {
                // not configured here: RFC 2131 4.3.1 lets the server leave out what it does not have
            }
        }
    }
}
