package gateway.smtp.diagnose;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One SMTP reply (RFC 5321 section 4.2): a three-digit code and one or more text lines, continuation lines
 * marked with "-" after the code. Parsed defensively: the peer may be anything (a captive portal, a proxy).
 *
 * @param code the reply code
 * @param lines the text of each line after the code and separator
 */
record SmtpReply(int code, List<String> lines) {
    static final int MAX_LINE = 2048;
    static final int MAX_LINES = 100;

    SmtpReply {
        lines = List.copyOf(lines);
    }

    String text() {
        return code + " " + String.join(" / ", lines);
    }

    /** Reads one reply; throws {@link SmtpProtocolException} on anything that is not a well-formed reply. */
    static SmtpReply read(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        int code = -1;
        while (true) {
            String line = readLine(in);
            if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new SmtpProtocolException("not an SMTP reply: '" + printable(line) + "'");
            }
            int c = Integer.parseInt(line.substring(0, 3));
            if (c < 200 || c > 599) {
                throw new SmtpProtocolException("reply code out of range: " + c);
            }
            if (code != -1 && c != code) {
                throw new SmtpProtocolException("multi-line reply changes its code from " + code + " to " + c);
            }
            code = c;
            char sep = line.length() > 3 ? line.charAt(3) : ' ';
            if (sep != ' ' && sep != '-') {
                throw new SmtpProtocolException("bad separator after reply code: '" + printable(line) + "'");
            }
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (sep == ' ') {
                return new SmtpReply(code, lines);
            }
            if (lines.size() >= MAX_LINES) {
                throw new SmtpProtocolException("reply longer than " + MAX_LINES + " lines");
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        byte[] buf = new byte[MAX_LINE];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new SmtpProtocolException(n == 0 ? "connection closed by the server"
                        : "connection closed in the middle of a reply");
            }
            if (b == '\n') {
                if (n > 0 && buf[n - 1] == '\r') {
                    n--;
                }
                return new String(buf, 0, n, StandardCharsets.UTF_8);
            }
            if (n == MAX_LINE) {
                throw new SmtpProtocolException("reply line longer than " + MAX_LINE + " bytes");
            }
            buf[n++] = (byte) b;
        }
    }

    private static String printable(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
