package gateway.dhcp.codec;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One DHCP message (RFC 2131 section 2, figure 1). {@code sname} and {@code file} hold what is
 * left after option overload: when option 52 moved options there, the decoder empties them.
 */
public record DhcpMessage(
        int op, int htype, int hlen, int hops, int xid, int secs, int flags,
        Ipv4 ciaddr, Ipv4 yiaddr, Ipv4 siaddr, Ipv4 giaddr,
        byte[] chaddr, byte[] sname, byte[] file, DhcpOptions options) {

    public static final int BOOTREQUEST = 1;
    public static final int BOOTREPLY = 2;
    public static final int HTYPE_ETHERNET = 1;
    /** The broadcast bit of {@code flags} (RFC 2131 section 2, figure 2). */
    public static final int FLAG_BROADCAST = 0x8000;
    private static final HexFormat MAC_FORMAT = HexFormat.ofDelimiter(":");

    public DhcpMessage {
        if (op != BOOTREQUEST && op != BOOTREPLY) {
            throw new IllegalArgumentException("op must be 1 or 2: " + op);
        }
        if (htype < 0 || htype > 255 || hlen < 0 || hlen > 16 || hops < 0 || hops > 255) {
            throw new IllegalArgumentException("htype/hlen/hops out of range");
        }
        if (secs < 0 || secs > 0xffff || flags < 0 || flags > 0xffff) {
            throw new IllegalArgumentException("secs/flags out of range");
        }
        chaddr = fixed(chaddr, 16, "chaddr");
        sname = fixed(sname, 64, "sname");
        file = fixed(file, 128, "file");
        if (ciaddr == null || yiaddr == null || siaddr == null || giaddr == null || options == null) {
            throw new IllegalArgumentException("addresses and options are required");
        }
    }

    private static byte[] fixed(byte[] value, int size, String name) {
        if (value == null) {
            return new byte[size];
        }
        if (value.length > size) {
            throw new IllegalArgumentException(name + " longer than " + size);
        }
        return Arrays.copyOf(value, size);
    }

    @Override
    public byte[] chaddr() {
        return chaddr.clone();
    }

    @Override
    public byte[] sname() {
        return sname.clone();
    }

    @Override
    public byte[] file() {
        return file.clone();
    }

    /** The fixed fields without a copy, for the encoder (which only reads them). */
    byte[] rawChaddr() {
        return chaddr;
    }

    byte[] rawSname() {
        return sname;
    }

    byte[] rawFile() {
        return file;
    }

    /** The hardware address, {@code hlen} bytes of {@code chaddr}. */
    public byte[] hardwareAddress() {
        return Arrays.copyOf(chaddr, hlen);
    }

    /** The hardware address as aa:bb:cc:dd:ee:ff. */
    public String mac() {
        return MAC_FORMAT.formatHex(chaddr, 0, hlen);
    }

    public boolean broadcastFlag() {
        return (flags & FLAG_BROADCAST) != 0;
    }

    public Optional<MessageType> type() {
        return options.messageType();
    }

    public DhcpMessage withOptions(DhcpOptions newOptions) {
        return new DhcpMessage(op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr,
                chaddr, sname, file, newOptions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpMessage m && op == m.op && htype == m.htype && hlen == m.hlen && hops == m.hops
                && xid == m.xid && secs == m.secs && flags == m.flags && ciaddr.equals(m.ciaddr)
                && yiaddr.equals(m.yiaddr) && siaddr.equals(m.siaddr) && giaddr.equals(m.giaddr)
                && Arrays.equals(chaddr, m.chaddr) && Arrays.equals(sname, m.sname) && Arrays.equals(file, m.file)
                && options.equals(m.options);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * xid + Arrays.hashCode(chaddr)) + options.hashCode();
    }

    @Override
    public String toString() {
        return "DhcpMessage[" + type().map(Enum::name).orElse("?") + " xid=" + Integer.toHexString(xid)
                + " mac=" + mac() + " ciaddr=" + ciaddr + " yiaddr=" + yiaddr + " giaddr=" + giaddr
                + " flags=" + Integer.toHexString(flags) + " options=" + options + "]";
    }
}
