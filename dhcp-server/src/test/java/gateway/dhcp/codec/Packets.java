package gateway.dhcp.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Real packets captured from dhclient 4.4.3 and busybox udhcpc 1.35 (see resources/capture-tools). */
public final class Packets {
    public static final List<String> CAPTURED = List.of(
            "dhclient-01-discover.bin", "dhclient-02-request.bin", "dhclient-03-discover-defaultconf.bin",
            "dhclient-04-request-initreboot.bin", "dhclient-05-release.bin",
            "udhcpc-01-discover.bin", "udhcpc-02-request.bin",
            "dhcpcd-01-discover.bin", "dhcpcd-02-request.bin");

    private Packets() {
    }

    public static byte[] load(String name) {
        try (InputStream in = Packets.class.getResourceAsStream("/captured/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
