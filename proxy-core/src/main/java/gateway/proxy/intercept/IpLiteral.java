package gateway.proxy.intercept;

import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Host names that are IP literals, parsed here and never looked up (InetAddress.getByName would
 * send "1.2.3.4.5" or "999.1.1.1" to DNS), with loops over the characters rather than regular
 * expressions, since this runs for every request.
 */
public final class IpLiteral {
    private IpLiteral() {
    }

    /**
     * The address if {@code host} is an IPv6 literal (with an optional %zone) or an IPv4 literal,
     * including the short forms resolvers also accept (127.1 is 127.0.0.1, as inet_aton reads
     * it); else null.
     */
    public static InetAddress parse(String host) {
        if (host.indexOf(':') >= 0) {
            return NetUtil.createInetAddressFromIpAddressString(host);
        }
        long v4 = ipv4(host);
        if (v4 < 0) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes((int) v4));
        } catch (UnknownHostException e) {
            return null; // not for four bytes
        }
    }

    /**
     * Whether {@code host} is a literal of {@code address}; for IPv4, the common case of the
     * Host check on every intercepted GET, without making an address object.
     */
    public static boolean names(String host, InetAddress address) {
        if (host.indexOf(':') < 0 && address instanceof Inet4Address) {
            long v4 = ipv4(host);
            return v4 >= 0 && Arrays.equals(bytes((int) v4), address.getAddress());
        }
        InetAddress literal = parse(host);
        return literal != null && literal.equals(address);
    }

    private static byte[] bytes(int v4) {
        return new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4};
    }

    /**
     * inet_aton's decimal forms: a.b.c.d, a.b.c (c: 16 bits), a.b (b: 24 bits), a (32 bits); the
     * address as an unsigned 32-bit number, or -1.
     */
    private static long ipv4(String host) {
        long value = 0;
        long part = 0;
        int parts = 0;
        int digits = 0;
        for (int i = 0; i <= host.length(); i++) {
            char c = i < host.length() ? host.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0) {
                    return -1;
                }
                boolean last = i == host.length();
                if (!last) {
                    if (part > 255 || parts == 3) {
                        return -1;
                    }
                    value |= part << (8 * (3 - parts));
                } else {
                    if (part >= 1L << (8 * (4 - parts))) {
                        return -1;
                    }
                    value |= part;
                }
                parts++;
                part = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 10) {
                part = part * 10 + (c - '0');
                digits++;
            } else {
                return -1;
            }
        }
        return value;
    }
}
