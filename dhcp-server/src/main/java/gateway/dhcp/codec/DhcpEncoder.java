package gateway.dhcp.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Writes a {@link DhcpMessage} in wire format. Options are written in the message's order;
 * values over 255 bytes are split (RFC 3396). When the client's size limit (option 57, RFC 2132
 * section 9.10) cannot hold them all, options that do not fit are left out, last ones first,
 * except relay agent information (82) which always goes last (RFC 3046 section 2.1).
 */
public final class DhcpEncoder {
    /** BOOTP's minimum message; dhclient and udhcpc both pad to it and some relays expect it (RFC 1542 2.1). */
    static final int MIN_MESSAGE = 300;
    /** IP and UDP headers, counted in option 57's limit. */
    static final int IP_UDP_HEADERS = 28;

    private DhcpEncoder() {
    }

    /** Encodes with no size limit beyond one Ethernet frame. */
    public static byte[] encode(DhcpMessage m) {
        return encode(m, DhcpDecoder.MAX_DATAGRAM + IP_UDP_HEADERS);
    }

    /**
     * Encodes for a client that accepts IP datagrams of at most {@code maxMessageSize} bytes.
     *
     * @return the UDP payload, at least 300 bytes
     */
    public static byte[] encode(DhcpMessage m, int maxMessageSize) {
        int limit = Math.min(Math.max(576, maxMessageSize), DhcpDecoder.MAX_DATAGRAM + IP_UDP_HEADERS) - IP_UDP_HEADERS;
        ByteBuffer out = ByteBuffer.allocate(limit);
        out.put((byte) m.op()).put((byte) m.htype()).put((byte) m.hlen()).put((byte) m.hops());
        out.putInt(m.xid()).putShort((short) m.secs()).putShort((short) m.flags());
        out.putInt(m.ciaddr().bits()).putInt(m.yiaddr().bits()).putInt(m.siaddr().bits()).putInt(m.giaddr().bits());
        out.put(m.rawChaddr()).put(m.rawSname()).put(m.rawFile()).put(DhcpDecoder.MAGIC_COOKIE);
        DhcpOptions options = m.options();
        byte[] relay = options.raw(OptionCode.RELAY_AGENT_INFORMATION);
        int reserved = 1 + (relay == null ? 0 : wireSize(relay.length));
        for (int i = 0; i < options.size(); i++) {
            int code = options.codeAt(i);
            if (code == OptionCode.RELAY_AGENT_INFORMATION) {
                continue;
            }
            byte[] v = options.valueAt(i);
            if (out.remaining() - reserved >= wireSize(v.length)) {
                put(out, code, v);
            }
        }
        if (relay != null) {
            put(out, OptionCode.RELAY_AGENT_INFORMATION, relay);
        }
        out.put((byte) OptionCode.END);
        int size = Math.max(out.position(), Math.min(MIN_MESSAGE, limit));
        return Arrays.copyOf(out.array(), size);
    }

    private static int wireSize(int len) {
        int chunks = Math.max(1, (len + 254) / 255);
        return len + 2 * chunks;
    }

    private static void put(ByteBuffer out, int code, byte[] v) {
        int off = 0;
        do {
            int n = Math.min(255, v.length - off);
            out.put((byte) code).put((byte) n).put(v, off, n);
            off += n;
        } while (off < v.length);
    }
}
