package gateway.dhcp.reply;

import gateway.dhcp.codec.DhcpMessage;
import gateway.dhcp.codec.DhcpOptions;
import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.codec.MessageType;

/** Builds BOOTREPLY headers from the request, as RFC 2131 table 3 fills each field. */
public final class ReplyFactory {
    private ReplyFactory() {
    }

    /**
     * @param yiaddr the client's address (0 for NAK and for ACK to INFORM)
     * @param keepCiaddr true for ACK (RFC 2131 table 3: 'ciaddr' from the request), false for OFFER and NAK
     */
    public static DhcpMessage reply(DhcpMessage request, Ipv4 yiaddr, boolean keepCiaddr, DhcpOptions options) {
        int flags = request.flags() & DhcpMessage.FLAG_BROADCAST;
        if (!request.giaddr().isAny() && options.messageType().orElse(null) == MessageType.NAK) {
            flags |= DhcpMessage.FLAG_BROADCAST; // RFC 2131 4.1: a relayed NAK must be broadcast by the relay
        }
        return new DhcpMessage(DhcpMessage.BOOTREPLY, request.htype(), request.hlen(), 0, request.xid(), 0, flags,
                keepCiaddr ? request.ciaddr() : Ipv4.ANY, yiaddr, Ipv4.ANY, request.giaddr(),
                request.chaddr(), null, null, options);
    }
}
