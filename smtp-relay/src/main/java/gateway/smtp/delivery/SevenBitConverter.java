package gateway.smtp.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts a MIME message with 8-bit body parts into 7 bit for a server that does not offer 8BITMIME (RFC 6152
 * section 3): each leaf part whose body has 8-bit octets and is {@code 8bit} (or unlabelled) is re-encoded as
 * quoted-printable (RFC 2045 section 6.7), which a reader decodes back to the same octets. Multiparts and
 * {@code message/rfc822} are walked (RFC 2046 section 5), everything else is left as it is.
 *
 * <p>Only done where it is safe: the message must declare MIME-Version, header sections must be 7 bit (8-bit
 * headers would need RFC 2047 re-encoding, which changes them), and the structure must parse. Otherwise
 * {@link NotConvertible} says why, and the message is returned to its sender rather than sent damaged.
 */
final class SevenBitConverter {
    private static final int MAX_DEPTH = 20;
    private static final Pattern BOUNDARY =
            Pattern.compile("(?i);\\s*boundary\\s*=\\s*(?:\"([^\"]{1,70})\"|([^\\s;\"]{1,70}))");

    /** Why a message cannot be converted safely. */
    static final class NotConvertible extends Exception {
        NotConvertible(String why) {
            super(why, null, false, false);
        }
    }

    private SevenBitConverter() {
    }

    /** The message with every 8-bit body part quoted-printable encoded; unchanged if it has no 8-bit octets. */
    static byte[] convert(byte[] message) throws NotConvertible {
        if (!has8bit(message, 0, message.length)) {
            return message;
        }
        Entity top = Entity.split(message, 0, message.length);
        if (top.header("mime-version") == null) {
            throw new NotConvertible("not a MIME message (no MIME-Version header)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + message.length / 4);
        convert(message, top, out, 0);
        return out.toByteArray();
    }

    private static void convert(byte[] b, Entity e, ByteArrayOutputStream out, int depth) throws NotConvertible {
        if (depth > MAX_DEPTH) {
            throw new NotConvertible("MIME nesting deeper than " + MAX_DEPTH);
        }
        if (has8bit(b, e.start, e.bodyStart)) {
            throw new NotConvertible("8-bit octets in a header section");
        }
        if (!has8bit(b, e.bodyStart, e.end)) {
            out.write(b, e.start, e.end - e.start);
            return;
        }
        String type = e.contentType();
        String cte = e.transferEncoding();
        if (!cte.equals("7bit") && !cte.equals("8bit")) {
            // binary cannot be sent either way; 8-bit octets under base64/quoted-printable are invalid
            throw new NotConvertible("8-bit octets in a part with Content-Transfer-Encoding " + cte);
        }
        if (type.startsWith("multipart/")) {
            e.writeHeadersWithEncoding(out, "7bit");
            multipart(b, e, out, depth);
        } else if (type.equals("message/rfc822")) {
            e.writeHeadersWithEncoding(out, "7bit");
            convert(b, Entity.split(b, e.bodyStart, e.end), out, depth + 1);
        } else if (type.startsWith("message/")) {
            throw new NotConvertible("8-bit octets in a " + type + " part");
        } else {
            e.writeHeadersWithEncoding(out, "quoted-printable");
            try (OutputStream qp = MimeUtility.encode(new NonClosing(out), "quoted-printable")) {
                qp.write(b, e.bodyStart, e.end - e.bodyStart);
            } catch (IOException | MessagingException ex) {
                throw new NotConvertible("quoted-printable encoding failed: " + ex.getMessage());
            }
        }
    }

    /** RFC 2046 section 5.1.1: the CRLF before a delimiter line belongs to the delimiter. */
    private static void multipart(byte[] b, Entity e, ByteArrayOutputStream out, int depth) throws NotConvertible {
        String boundary = e.boundary();
        byte[] dash = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        List<int[]> delimiters = new ArrayList<>(); // {line start, line end after CRLF, 1 if closing}
        int pos = e.bodyStart;
        while (pos < e.end) {
            int eol = indexOfCrlf(b, pos, e.end);
            int lineEnd = eol < 0 ? e.end : eol;
            int next = eol < 0 ? e.end : eol + 2;
            if (startsWith(b, pos, lineEnd, dash)) {
                int p = pos + dash.length;
                boolean closing = p + 1 < lineEnd && b[p] == '-' && b[p + 1] == '-';
                p += closing ? 2 : 0;
                while (p < lineEnd && (b[p] == ' ' || b[p] == '\t')) {
                    p++;
                }
                if (p == lineEnd) {
                    delimiters.add(new int[] {pos, next, closing ? 1 : 0});
                    if (closing) {
                        break;
                    }
                }
            }
            pos = next;
        }
        if (delimiters.size() < 2 || delimiters.get(delimiters.size() - 1)[2] != 1) {
            throw new NotConvertible("multipart without its closing boundary");
        }
        int first = delimiters.get(0)[0];
        int last = delimiters.get(delimiters.size() - 1)[1];
        if (has8bit(b, e.bodyStart, first) || has8bit(b, last, e.end)) {
            throw new NotConvertible("8-bit octets in a multipart preamble or epilogue");
        }
        out.write(b, e.bodyStart, first - e.bodyStart);
        for (int i = 0; i + 1 < delimiters.size(); i++) {
            int[] d = delimiters.get(i);
            int partEnd = delimiters.get(i + 1)[0] - 2;
            if (partEnd < d[1]) {
                throw new NotConvertible("empty MIME part without its line break");
            }
            out.write(b, d[0], d[1] - d[0]);
            convert(b, Entity.split(b, d[1], partEnd), out, depth + 1);
            out.write('\r');
            out.write('\n');
        }
        int[] close = delimiters.get(delimiters.size() - 1);
        out.write(b, close[0], e.end - close[0]);
    }

    /** One MIME entity inside the message bytes: its header section and its body. */
    private static final class Entity {
        final byte[] b;
        final int start;
        final int bodyStart;
        final int end;
        final List<int[]> fields; // {start, end after the last CRLF of the field}

        private Entity(byte[] b, int start, int bodyStart, int end, List<int[]> fields) {
            this.b = b;
            this.start = start;
            this.bodyStart = bodyStart;
            this.end = end;
            this.fields = fields;
        }

        static Entity split(byte[] b, int start, int end) throws NotConvertible {
            List<int[]> fields = new ArrayList<>();
            int pos = start;
            while (pos < end) {
                int eol = indexOfCrlf(b, pos, end);
                if (eol < 0) {
                    throw new NotConvertible("header section not terminated");
                }
                if (eol == pos) {
                    return new Entity(b, start, eol + 2, end, fields); // the empty line
                }
                if ((b[pos] == ' ' || b[pos] == '\t') && !fields.isEmpty()) {
                    fields.get(fields.size() - 1)[1] = eol + 2; // folded continuation (RFC 5322 2.2.3)
                } else {
                    fields.add(new int[] {pos, eol + 2});
                }
                pos = eol + 2;
            }
            return new Entity(b, start, end, end, fields); // headers only, no body
        }

        /** The unfolded value of the first field with this name (lower case), or null. */
        String header(String name) {
            for (int[] f : fields) {
                String field = new String(b, f[0], f[1] - f[0], StandardCharsets.ISO_8859_1);
                int colon = field.indexOf(':');
                if (colon > 0 && field.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return field.substring(colon + 1).replaceAll("\r\n", "").trim();
                }
            }
            return null;
        }

        String contentType() {
            String v = header("content-type");
            if (v == null) {
                return "text/plain"; // RFC 2045 section 5.2
            }
            int semi = v.indexOf(';');
            return (semi < 0 ? v : v.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        }

        String transferEncoding() {
            String v = header("content-transfer-encoding");
            return v == null ? "7bit" : v.toLowerCase(Locale.ROOT); // RFC 2045 section 6.1
        }

        String boundary() throws NotConvertible {
            String v = header("content-type");
            Matcher m = BOUNDARY.matcher(v == null ? "" : v);
            if (!m.find()) {
                throw new NotConvertible("multipart without a boundary");
            }
            return m.group(1) != null ? m.group(1) : m.group(2);
        }

        /** The header section with every Content-Transfer-Encoding replaced by one with {@code encoding}. */
        void writeHeadersWithEncoding(ByteArrayOutputStream out, String encoding) {
            for (int[] f : fields) {
                String field = new String(b, f[0], f[1] - f[0], StandardCharsets.ISO_8859_1);
                int colon = field.indexOf(':');
                if (colon < 0 || !field.substring(0, colon).trim().equalsIgnoreCase("content-transfer-encoding")) {
                    out.write(b, f[0], f[1] - f[0]);
                }
            }
            out.writeBytes(("Content-Transfer-Encoding: " + encoding + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static boolean has8bit(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOfCrlf(byte[] b, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The encoder's close flushes its last line; the buffer under it stays open. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
