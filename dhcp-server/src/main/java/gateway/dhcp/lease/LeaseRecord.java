package gateway.dhcp.lease;

import gateway.dhcp.codec.Ipv4;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * One journal line: {@code crc32 state address client mac expiresMillis hostname}, the CRC over
 * the rest of the line. A line without its newline or with a wrong CRC is a torn write.
 */
final class LeaseRecord {
    private LeaseRecord() {
    }

    static byte[] encode(Lease l) {
        String body = l.state() + " " + l.address() + " " + l.client().value() + " " + l.mac() + " "
                + l.expires().toEpochMilli() + " " + l.hostName().orElse("-");
        CRC32 crc = new CRC32();
        byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        crc.update(b);
        return (hex8(crc.getValue()) + " " + body + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Eight lower-case hex digits, zero-padded (what {@code %08x} gives, without a Formatter per record). */
    static String hex8(long crc) {
        char[] c = new char[8];
        for (int i = 7; i >= 0; i--) {
            c[i] = Character.forDigit((int) (crc & 0xf), 16);
            crc >>>= 4;
        }
        return new String(c);
    }

    /** Parses one line without its newline; empty when it is damaged. */
    static Optional<Lease> decode(String line) {
        if (line.length() < 10 || line.charAt(8) != ' ') {
            return Optional.empty();
        }
        String body = line.substring(9);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        if (!hex8(crc.getValue()).equals(line.substring(0, 8))) {
            return Optional.empty();
        }
        String[] f = body.split(" ");
        if (f.length != 6) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Lease(Ipv4.parse(f[1]), new ClientKey(f[2]), f[3],
                    "-".equals(f[5]) ? Optional.empty() : Optional.of(f[5]),
                    Instant.ofEpochMilli(Long.parseLong(f[4])), LeaseState.valueOf(f[0])));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the CRC matched but the content is not ours: treat as damage
        }
    }
}
