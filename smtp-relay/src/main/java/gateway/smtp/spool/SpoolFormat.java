package gateway.smtp.spool;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The on-disk format of spool files.
 *
 * <pre>
 * GWSPOOL1 &lt;20-digit length&gt; &lt;8-hex CRC-32&gt;\n   (fixed {@value #PREAMBLE_LENGTH} bytes; length and CRC cover the rest)
 * S sender\n  R recipient\n ...  T epoch-millis\n  C client\n  H helo\n  [B body-type\n]  [U\n]  \n
 * message content
 * </pre>
 * {@code B} (BODY=, RFC 6152) and {@code U} (SMTPUTF8, RFC 6531) are written only when the client gave them, so
 * the files of mail without them stay readable by a version that does not know these lines; files written
 * before they existed read as "no parameters".
 * The preamble is written last (the length and CRC are known only then), so a torn file fails the check.
 */
final class SpoolFormat {
    static final int PREAMBLE_LENGTH = 39;
    private static final String MAGIC = "GWSPOOL1 ";

    private SpoolFormat() {
    }

    static byte[] preamble(long length, long crc) {
        String s = MAGIC + String.format(Locale.ROOT, "%020d %08x\n", length, crc);
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length != PREAMBLE_LENGTH) {
            throw new IllegalStateException("preamble length " + b.length);
        }
        return b;
    }

    static byte[] envelopeHeader(Envelope e) {
        StringBuilder b = new StringBuilder();
        b.append("S ").append(e.sender()).append('\n');
        for (String r : e.recipients()) {
            b.append("R ").append(r).append('\n');
        }
        b.append("T ").append(e.receivedAt().toEpochMilli()).append('\n');
        b.append("C ").append(e.client()).append('\n');
        b.append("H ").append(e.helo()).append('\n');
        if (e.body() != BodyType.UNSPECIFIED) {
            b.append("B ").append(e.body().keyword()).append('\n');
        }
        if (e.smtpUtf8()) {
            b.append("U\n");
        }
        b.append('\n');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A parsed spool file: the envelope and where the content starts. */
    record Parsed(Envelope envelope, int contentOffset, long contentLength) {
    }

    /** Checks the preamble, the length and the CRC, then parses the envelope. */
    static Parsed parse(byte[] file) throws SpoolCorruptException {
        if (file.length < PREAMBLE_LENGTH) {
            throw new SpoolCorruptException("shorter than the preamble (" + file.length + " bytes)");
        }
        String pre = new String(file, 0, PREAMBLE_LENGTH, StandardCharsets.US_ASCII);
        if (!pre.startsWith(MAGIC) || pre.charAt(29) != ' ' || pre.charAt(38) != '\n') {
            throw new SpoolCorruptException("bad preamble (file never completed)");
        }
        long length;
        long crc;
        try {
            length = Long.parseLong(pre.substring(9, 29));
            crc = Long.parseLong(pre.substring(30, 38), 16);
        } catch (NumberFormatException e) {
            throw new SpoolCorruptException("bad preamble numbers");
        }
        if (length != file.length - PREAMBLE_LENGTH) {
            throw new SpoolCorruptException("length " + (file.length - PREAMBLE_LENGTH) + " != recorded " + length);
        }
        CRC32 c = new CRC32();
        c.update(file, PREAMBLE_LENGTH, file.length - PREAMBLE_LENGTH);
        if (c.getValue() != crc) {
            throw new SpoolCorruptException("CRC mismatch");
        }
        int pos = PREAMBLE_LENGTH;
        String sender = null;
        List<String> rcpts = new ArrayList<>();
        Instant received = null;
        String client = "";
        String helo = "";
        BodyType body = BodyType.UNSPECIFIED;
        boolean smtpUtf8 = false;
        while (true) {
            int nl = indexOf(file, (byte) '\n', pos);
            if (nl < 0) {
                throw new SpoolCorruptException("envelope not terminated");
            }
            if (nl == pos) {
                pos = nl + 1;
                break;
            }
            String line = new String(file, pos, nl - pos, StandardCharsets.UTF_8);
            pos = nl + 1;
            if (line.equals("U")) {
                smtpUtf8 = true;
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != ' ') {
                throw new SpoolCorruptException("bad envelope line");
            }
            String v = line.substring(2);
            switch (line.charAt(0)) {
                case 'S' -> sender = v;
                case 'R' -> rcpts.add(v);
                case 'T' -> received = parseInstant(v);
                case 'C' -> client = v;
                case 'H' -> helo = v;
                case 'B' -> body = parseBody(v);
                default -> throw new SpoolCorruptException("unknown envelope line " + line.charAt(0));
            }
        }
        if (sender == null || received == null || rcpts.isEmpty()) {
            throw new SpoolCorruptException("incomplete envelope");
        }
        try {
            return new Parsed(new Envelope(sender, rcpts, received, client, helo, body, smtpUtf8), pos, file.length - pos);
        } catch (IllegalArgumentException e) {
            throw new SpoolCorruptException("invalid envelope: " + e.getMessage());
        }
    }

    private static BodyType parseBody(String v) throws SpoolCorruptException {
        BodyType t = BodyType.ofKeyword(v);
        if (t == null) {
            throw new SpoolCorruptException("bad body type");
        }
        return t;
    }

    private static Instant parseInstant(String v) throws SpoolCorruptException {
        try {
            return Instant.ofEpochMilli(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new SpoolCorruptException("bad time");
        }
    }

    private static int indexOf(byte[] b, byte v, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    static byte[] state(DeliveryState s) {
        StringBuilder b = new StringBuilder("GWSTATE1\n");
        b.append("A ").append(s.attempts()).append('\n');
        b.append("N ").append(s.nextAttempt().toEpochMilli()).append('\n');
        for (String r : s.finished()) {
            b.append("D ").append(r).append('\n');
        }
        b.append("E ").append(s.lastError()).append('\n');
        b.append("END\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a state file; a torn one (no END line) is corrupt. */
    static DeliveryState parseState(byte[] file) throws SpoolCorruptException {
        String s = new String(file, StandardCharsets.UTF_8);
        if (!s.startsWith("GWSTATE1\n") || !s.endsWith("\nEND\n")) {
            throw new SpoolCorruptException("torn state file");
        }
        int attempts = 0;
        Instant next = null;
        Set<String> done = new HashSet<>();
        String error = "";
        for (String line : s.substring(9, s.length() - 4).split("\n")) {
            if (line.length() < 2) {
                throw new SpoolCorruptException("bad state line");
            }
            String v = line.substring(2);
            try {
                switch (line.charAt(0)) {
                    case 'A' -> attempts = Integer.parseInt(v);
                    case 'N' -> next = Instant.ofEpochMilli(Long.parseLong(v));
                    case 'D' -> done.add(v);
                    case 'E' -> error = v;
                    default -> throw new SpoolCorruptException("unknown state line");
                }
            } catch (NumberFormatException e) {
                throw new SpoolCorruptException("bad number in state");
            }
        }
        if (next == null) {
            throw new SpoolCorruptException("state without next attempt");
        }
        return new DeliveryState(attempts, next, done, error);
    }
}
