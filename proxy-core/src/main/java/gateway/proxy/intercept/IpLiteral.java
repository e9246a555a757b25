package gateway.proxy.intercept;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;

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
        byte[] v4 = ipv4(host);
        if (v4 == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            return null; // not for four bytes
        }
    }

    /** inet_aton's decimal forms: a.b.c.d, a.b.c (c: 16 bits), a.b (b: 24 bits), a (32 bits). */
    private static byte[] ipv4(String host) {
        long[] parts = new long[4];
        int count = 0;
        int digits = 0;
        for (int i = 0; i <= host.length(); i++) {
            char c = i < host.length() ? host.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || count == 4) {
                    return null;
                }
                count++;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 10 && count < 4) {
                parts[count] = parts[count] * 10 + (c - '0');
                digits++;
            } else {
                return null;
            }
        }
        long last = parts[count - 1];
        if (last >= 1L << (8 * (5 - count))) {
            return null;
        }
        long value = last;
        for (int i = 0; i < count - 1; i++) {
            if (parts[i] > 255) {
                return null;
            }
            value |= parts[i] << (8 * (3 - i));
        }
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
}
