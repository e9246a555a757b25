package gateway.dhcp.server;

import io.netty.channel.unix.RawUnixChannelOption;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Socket options Netty has no constant for. */
final class SocketOptions {
    /** SOL_SOCKET (1), SO_BINDTODEVICE (25), a 16-byte NUL-padded interface name (IFNAMSIZ). */
    static final RawUnixChannelOption SO_BINDTODEVICE = new RawUnixChannelOption("SO_BINDTODEVICE", 1, 25, 16);

    private SocketOptions() {
    }

    static ByteBuffer device(String name) {
        ByteBuffer b = ByteBuffer.allocateDirect(16);
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        b.put(n, 0, Math.min(15, n.length));
        b.position(0);
        return b;
    }
}
