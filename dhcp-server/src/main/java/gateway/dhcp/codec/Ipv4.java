package gateway.dhcp.codec;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 address as an unsigned 32-bit value; cheap to compare, count and store, never resolved. */
public record Ipv4(int bits) implements Comparable<Ipv4> {
    public static final Ipv4 ANY = new Ipv4(0);
    public static final Ipv4 BROADCAST = new Ipv4(-1);

    /** Parses dotted-quad text; rejects anything else (no name lookups). */
    public static Ipv4 parse(String text) {
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            v = (v << 8) | octet;
        }
        return new Ipv4(v);
    }

    public static Ipv4 of(byte[] b, int off) {
        return new Ipv4(((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff));
    }

    public static Ipv4 of(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException("not IPv4: " + address);
        }
        return of(address.getAddress(), 0);
    }

    public long unsigned() {
        return bits & 0xffffffffL;
    }

    public Ipv4 plus(long n) {
        return new Ipv4((int) (unsigned() + n));
    }

    public boolean isAny() {
        return bits == 0;
    }

    public byte[] toBytes() {
        return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    public Inet4Address toInet() {
        try {
            return (Inet4Address) InetAddress.getByAddress(toBytes());
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are always a valid address", e);
        }
    }

    /** The netmask with {@code prefix} leading one bits. */
    public static Ipv4 mask(int prefix) {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix must be 0..32: " + prefix);
        }
        return new Ipv4(prefix == 0 ? 0 : -1 << (32 - prefix));
    }

    @Override
    public int compareTo(Ipv4 o) {
        return Integer.compareUnsigned(bits, o.bits);
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }
}
