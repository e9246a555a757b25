package gateway.smtp.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies the message data of one DATA command (already dot-terminated and unstuffed) line by line into the
 * spool while enforcing the framing rules, and always reads the input to its end.
 *
 * <p>Reading to the end is the point: the listener's end of data is only {@code <CRLF>.<CRLF>}, and a message
 * refused here is still consumed completely, so nothing inside it (a {@code <LF>.<LF>} followed by
 * {@code MAIL FROM}, say) is ever read as a command. Bare CR or LF refuse the whole message, so what we pass
 * upstream has only CRLF line ends and cannot be split there either.
 */
public final class MessageDataCopier {
    /** RFC 5321 section 4.5.3.1.6: 998 characters plus CRLF. */
    static final int MAX_LINE = 1000;

    private MessageDataCopier() {
    }

    /**
     * Outcome of a copy.
     *
     * @param bytesRead bytes read from the client (after unstuffing)
     * @param violation the first rule broken, or null if the message is acceptable
     * @param sinkFailure an exception from the output (e.g. disk full), or null
     */
    public record Result(long bytesRead, DataViolation violation, IOException sinkFailure) {
        public boolean accepted() {
            return violation == null && sinkFailure == null;
        }
    }

    /**
     * Copies {@code in} to {@code out}, adding the header fields {@code headers} reports missing at the end of
     * the header section. Exceptions from {@code in} (connection lost, premature end) propagate: the message is
     * then incomplete and must be discarded.
     */
    public static Result copy(InputStream in, OutputStream out, long maxBytes, HeaderCompletion.Tracker headers)
            throws IOException {
        byte[] line = new byte[MAX_LINE];
        int len = 0;
        long total = 0;
        boolean inHeaders = true;
        boolean cr = false;
        DataViolation violation = null;
        IOException sinkFailure = null;
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) != -1) {
            for (int i = 0; i < n; i++) {
                byte b = chunk[i];
                total++;
                if (violation != null || sinkFailure != null) {
                    continue; // keep draining to the real end of data
                }
                if (total > maxBytes) {
                    violation = DataViolation.TOO_BIG;
                    continue;
                }
                if (cr && b != '\n') {
                    violation = DataViolation.BARE_CR;
                    continue;
                }
                if (b == '\n' && !cr) {
                    violation = DataViolation.BARE_LF;
                    continue;
                }
                if (len == MAX_LINE) {
                    violation = DataViolation.LINE_TOO_LONG;
                    continue;
                }
                line[len++] = b;
                cr = b == '\r';
                if (b == '\n') {
                    try {
                        if (inHeaders && len == 2) {
                            out.write(headers.missing());
                            inHeaders = false;
                        } else if (inHeaders) {
                            headers.headerLine(line, len);
                        }
                        out.write(line, 0, len);
                    } catch (IOException e) {
                        sinkFailure = e;
                    }
                    len = 0;
                }
            }
        }
        if (violation == null && sinkFailure == null) {
            if (cr) {
                violation = DataViolation.BARE_CR;
            } else {
                try {
                    if (len > 0) {
                        // Only possible with an empty DATA body or a last line without CRLF; end it properly.
                        if (inHeaders) {
                            headers.headerLine(line, len);
                        }
                        out.write(line, 0, len);
                        out.write(new byte[] {'\r', '\n'});
                    }
                    if (inHeaders) {
                        out.write(headers.missing());
                    }
                } catch (IOException e) {
                    sinkFailure = e;
                }
            }
        }
        return new Result(total, violation, sinkFailure);
    }
}
