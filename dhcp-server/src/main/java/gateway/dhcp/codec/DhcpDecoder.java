package gateway.dhcp.codec;

import static gateway.dhcp.codec.DhcpParseException.Reason.BAD_HLEN;
import static gateway.dhcp.codec.DhcpParseException.Reason.BAD_HTYPE;
import static gateway.dhcp.codec.DhcpParseException.Reason.BAD_OP;
import static gateway.dhcp.codec.DhcpParseException.Reason.BAD_OPTION_LENGTH;
import static gateway.dhcp.codec.DhcpParseException.Reason.BAD_OVERLOAD;
import static gateway.dhcp.codec.DhcpParseException.Reason.MISSING_END_OPTION;
import static gateway.dhcp.codec.DhcpParseException.Reason.MISSING_MAGIC_COOKIE;
import static gateway.dhcp.codec.DhcpParseException.Reason.MISSING_MESSAGE_TYPE;
import static gateway.dhcp.codec.DhcpParseException.Reason.OVERSIZED;
import static gateway.dhcp.codec.DhcpParseException.Reason.TRUNCATED;
import static gateway.dhcp.codec.DhcpParseException.Reason.UNKNOWN_MESSAGE_TYPE;

import java.util.Arrays;

/**
 * Turns one UDP payload into a {@link DhcpMessage} or a typed {@link DhcpParseException}; it
 * never throws anything else, whatever the bytes (the fuzz test holds it to that).
 */
public final class DhcpDecoder {
    /** Fixed header (RFC 2131 figure 1) up to the options field. */
    static final int HEADER = 236;
    static final int OPTIONS_START = 240;
    static final byte[] MAGIC_COOKIE = {99, (byte) 130, 83, 99};
    /** A DHCP message in one Ethernet frame; jumbo DHCP is not a thing on a home LAN. */
    public static final int MAX_DATAGRAM = 1500;
    private static final int SNAME_OFF = 44;
    private static final int FILE_OFF = 108;

    private DhcpDecoder() {
    }

    public static DhcpMessage decode(byte[] b) throws DhcpParseException {
        return decode(b, b.length);
    }

    public static DhcpMessage decode(byte[] b, int len) throws DhcpParseException {
        if (len > MAX_DATAGRAM) {
            throw new DhcpParseException(OVERSIZED, len + " bytes");
        }
        if (len < OPTIONS_START) {
            throw new DhcpParseException(TRUNCATED, len + " bytes, need at least " + OPTIONS_START);
        }
        int op = b[0] & 0xff;
        if (op != DhcpMessage.BOOTREQUEST && op != DhcpMessage.BOOTREPLY) {
            throw new DhcpParseException(BAD_OP, "op " + op);
        }
        // Ethernet only: the LANs this gateway serves are Ethernet or Wi-Fi, both htype 1.
        if ((b[1] & 0xff) != DhcpMessage.HTYPE_ETHERNET) {
            throw new DhcpParseException(BAD_HTYPE, "htype " + (b[1] & 0xff));
        }
        if ((b[2] & 0xff) != 6) {
            throw new DhcpParseException(BAD_HLEN, "hlen " + (b[2] & 0xff));
        }
        if (!Arrays.equals(b, HEADER, OPTIONS_START, MAGIC_COOKIE, 0, 4)) {
            throw new DhcpParseException(MISSING_MAGIC_COOKIE, "no 99.130.83.99 at offset 236");
        }
        DhcpOptions.Builder options = DhcpOptions.builder();
        parseField(b, OPTIONS_START, len, true, options, "options");
        DhcpOptions first = options.build();
        byte[] sname = Arrays.copyOfRange(b, SNAME_OFF, FILE_OFF);
        byte[] file = Arrays.copyOfRange(b, FILE_OFF, HEADER);
        if (first.has(OptionCode.OPTION_OVERLOAD)) {
            byte[] v = first.raw(OptionCode.OPTION_OVERLOAD);
            int overload = v.length == 1 ? v[0] : -1;
            if (overload < 1 || overload > 3) {
                throw new DhcpParseException(BAD_OVERLOAD, "option 52 must be one byte 1..3");
            }
            // RFC 2131 section 4.1: options, then 'file', then 'sname'.
            if ((overload & 1) != 0) {
                parseField(b, FILE_OFF, HEADER, false, options, "file");
                file = new byte[128];
            }
            if ((overload & 2) != 0) {
                parseField(b, SNAME_OFF, FILE_OFF, false, options, "sname");
                sname = new byte[64];
            }
            options.remove(OptionCode.OPTION_OVERLOAD);
        }
        DhcpOptions all = options.build();
        validate(all);
        return new DhcpMessage(op, 1, 6, b[3] & 0xff, Ipv4.of(b, 4).bits(), u16(b, 8), u16(b, 10),
                Ipv4.of(b, 12), Ipv4.of(b, 16), Ipv4.of(b, 20), Ipv4.of(b, 24),
                Arrays.copyOfRange(b, 28, 44), sname, file, all);
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    private static void parseField(byte[] b, int from, int to, boolean needEnd, DhcpOptions.Builder out, String field)
            throws DhcpParseException {
        int i = from;
        while (i < to) {
            int code = b[i] & 0xff;
            if (code == OptionCode.END) {
                return;
            }
            if (code == OptionCode.PAD) {
                i++;
                continue;
            }
            if (i + 1 >= to) {
                throw new DhcpParseException(BAD_OPTION_LENGTH, "option " + code + " has no length byte in " + field);
            }
            int len = b[i + 1] & 0xff;
            if (i + 2 + len > to) {
                throw new DhcpParseException(BAD_OPTION_LENGTH,
                        "option " + code + " length " + len + " runs past the end of " + field);
            }
            if (code == OptionCode.OPTION_OVERLOAD && !"options".equals(field)) {
                throw new DhcpParseException(BAD_OVERLOAD, "option 52 inside " + field);
            }
            out.append(code, b, i + 2, len);
            i += 2 + len;
        }
        // The overloaded sname/file fields may be filled to the last byte without an end option.
        if (needEnd) {
            throw new DhcpParseException(MISSING_END_OPTION, "no end option in " + field);
        }
    }

    /** Length rules of RFC 2132 for the options this server acts on; others are carried as opaque bytes. */
    private static void validate(DhcpOptions o) throws DhcpParseException {
        byte[] type = o.raw(OptionCode.MESSAGE_TYPE);
        if (type == null) {
            throw new DhcpParseException(MISSING_MESSAGE_TYPE, "plain BOOTP is not served");
        }
        if (type.length != 1) {
            throw new DhcpParseException(BAD_OPTION_LENGTH, "option 53 length " + type.length);
        }
        if (MessageType.of(type[0] & 0xff) == null) {
            throw new DhcpParseException(UNKNOWN_MESSAGE_TYPE, "type " + (type[0] & 0xff));
        }
        exact(o, OptionCode.SUBNET_MASK, 4);
        exact(o, OptionCode.REQUESTED_IP_ADDRESS, 4);
        exact(o, OptionCode.SERVER_IDENTIFIER, 4);
        exact(o, OptionCode.IP_ADDRESS_LEASE_TIME, 4);
        exact(o, OptionCode.RENEWAL_TIME, 4);
        exact(o, OptionCode.REBINDING_TIME, 4);
        exact(o, OptionCode.MAXIMUM_MESSAGE_SIZE, 2);
        atLeast(o, OptionCode.CLIENT_IDENTIFIER, 2);
        atLeast(o, OptionCode.PARAMETER_REQUEST_LIST, 1);
        atLeast(o, OptionCode.HOST_NAME, 1);
        multipleOf4(o, OptionCode.ROUTER);
        multipleOf4(o, OptionCode.DOMAIN_NAME_SERVER);
        multipleOf4(o, OptionCode.NTP_SERVERS);
    }

    private static void exact(DhcpOptions o, int code, int len) throws DhcpParseException {
        byte[] v = o.raw(code);
        if (v != null && v.length != len) {
            throw new DhcpParseException(BAD_OPTION_LENGTH, "option " + code + " length " + v.length + ", must be " + len);
        }
    }

    private static void atLeast(DhcpOptions o, int code, int len) throws DhcpParseException {
        byte[] v = o.raw(code);
        if (v != null && v.length < len) {
            throw new DhcpParseException(BAD_OPTION_LENGTH, "option " + code + " length " + v.length + ", min " + len);
        }
    }

    private static void multipleOf4(DhcpOptions o, int code) throws DhcpParseException {
        byte[] v = o.raw(code);
        if (v != null && (v.length == 0 || v.length % 4 != 0)) {
            throw new DhcpParseException(BAD_OPTION_LENGTH, "option " + code + " length " + v.length);
        }
    }
}
