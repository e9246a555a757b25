package gateway.dhcp.options;

import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.config.StaticRoute;
import java.io.ByteArrayOutputStream;
import java.util.List;

/** Option 121 encoding (RFC 3442 section 3): prefix length, significant destination octets, router. */
public final class ClasslessRoutes {
    private ClasslessRoutes() {
    }

    /**
     * Encodes {@code routes} and, because a client that takes option 121 ignores option 3
     * (RFC 3442 section 3, last paragraphs), a default route via {@code defaultRouter}.
     */
    public static byte[] encode(List<StaticRoute> routes, Ipv4 defaultRouter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean hasDefault = false;
        for (StaticRoute r : routes) {
            write(out, r);
            hasDefault |= r.prefixLength() == 0;
        }
        if (!hasDefault && defaultRouter != null) {
            write(out, new StaticRoute(Ipv4.ANY, 0, defaultRouter));
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, StaticRoute r) {
        out.write(r.prefixLength());
        byte[] dst = r.destination().toBytes();
        out.write(dst, 0, (r.prefixLength() + 7) / 8);
        out.writeBytes(r.router().toBytes());
    }
}
