package gateway.smtp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Framing rules of message data, table-driven. */
class MessageDataCopierTest {
    final HeaderCompletion completion = new HeaderCompletion(
            Clock.fixed(Instant.parse("2026-11-27T08:00:00Z"), ZoneOffset.UTC), "gw.test", () -> "ID1");

    static String unescape(String s) {
        return s.replace("<CR>", "\r").replace("<LF>", "\n");
    }

    /** Data as the dot-terminated stream hands it over, and the verdict; "ok" means accepted. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Date: x<CR><LF>Message-ID: <a@b><CR><LF><CR><LF>body<CR><LF>        | ok     | RFC 5321 2.3.8 CRLF only",
        "Date: x<CR><LF>Message-ID: <a@b><CR><LF><CR><LF>a<LF>.<LF>b<CR><LF> | BARE_LF | 2.3.8: <LF>.<LF> smuggling",
        "Date: x<CR><LF><CR><LF>a<CR>.<CR>b<CR><LF>                          | BARE_CR | 2.3.8: <CR>.<CR> smuggling",
        "Date: x<CR><LF><CR><LF>a<LF>.<CR><LF>b<CR><LF>                      | BARE_LF | 2.3.8: <LF>.<CR><LF>",
        "Date: x<CR><LF><CR><LF>body ends in CR<CR>                          | BARE_CR | 2.3.8 at end of data",
        "Subject: x<LF><LF>unix newlines<LF>                                  | BARE_LF | 2.3.8",
    })
    void framing(String data, String verdict, String rfc) throws IOException {
        MessageDataCopier.Result r = copy(unescape(data.strip()), 1_000_000);
        if (verdict.equals("ok")) {
            assertThat(r.accepted()).as(rfc).isTrue();
        } else {
            assertThat(r.violation()).as(rfc).isEqualTo(switch (verdict) {
                case "BARE_LF" -> DataViolation.BARE_LF;
                case "BARE_CR" -> DataViolation.BARE_CR;
                default -> throw new IllegalArgumentException(verdict);
            });
        }
    }

    @Test
    void lineOf998CharactersIsFineAnd999IsNot() throws IOException {
        assertThat(copy("\r\n" + "a".repeat(998) + "\r\n", 1_000_000).accepted()).isTrue();
        assertThat(copy("\r\n" + "a".repeat(999) + "\r\n", 1_000_000).violation())
                .isEqualTo(DataViolation.LINE_TOO_LONG);
    }

    @Test
    void sizeLimitCountsEveryByteAndStillDrainsTheInput() throws IOException {
        String data = "\r\n" + "0123456789\r\n".repeat(100);
        CountingStream in = new CountingStream(data.getBytes(StandardCharsets.US_ASCII));
        MessageDataCopier.Result r = MessageDataCopier.copy(in, OutputStream.nullOutputStream(), 100,
                completion.tracker());
        assertThat(r.violation()).isEqualTo(DataViolation.TOO_BIG);
        assertThat(in.exhausted).isTrue();
        assertThat(r.bytesRead()).isEqualTo(data.length());
    }

    @Test
    void violationStillReadsToTheEnd() throws IOException {
        CountingStream in = new CountingStream("a\nb\r\nMAIL FROM:<x@y>\r\n".getBytes(StandardCharsets.US_ASCII));
        MessageDataCopier.copy(in, OutputStream.nullOutputStream(), 1000, completion.tracker());
        assertThat(in.exhausted).isTrue();
    }

    @Test
    void missingHeadersAreAddedBeforeTheBodyOnly() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageDataCopier.copy(new ByteArrayInputStream("Subject: s\r\n\r\nDate: not a header\r\n".getBytes(
                StandardCharsets.US_ASCII)), out, 1000, completion.tracker());
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("Subject: s\r\nDate: Fri, 27 Nov 2026 08:00:00"
                + " +0000\r\nMessage-ID: <ID1@gw.test>\r\n\r\nDate: not a header\r\n");
    }

    @Test
    void emptyDataGetsTheHeaders() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(MessageDataCopier.copy(InputStream.nullInputStream(), out, 1000, completion.tracker()).accepted())
                .isTrue();
        assertThat(out.toString(StandardCharsets.US_ASCII)).startsWith("Date: ").contains("Message-ID: <ID1@gw.test>");
    }

    @Test
    void diskFailureIsReportedAfterDraining() throws IOException {
        AtomicInteger writes = new AtomicInteger();
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int o, int l) throws IOException {
                writes.incrementAndGet();
                throw new IOException("No space left on device");
            }
        };
        CountingStream in = new CountingStream("Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
        MessageDataCopier.Result r = MessageDataCopier.copy(in, failing, 1000, completion.tracker());
        assertThat(r.sinkFailure()).hasMessageContaining("No space");
        assertThat(r.accepted()).isFalse();
        assertThat(in.exhausted).isTrue();
        assertThat(writes.get()).isEqualTo(1);
    }

    private MessageDataCopier.Result copy(String data, long max) throws IOException {
        return MessageDataCopier.copy(new ByteArrayInputStream(data.getBytes(StandardCharsets.ISO_8859_1)),
                OutputStream.nullOutputStream(), max, completion.tracker());
    }

    static final class CountingStream extends ByteArrayInputStream {
        boolean exhausted;

        CountingStream(byte[] b) {
            super(b);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            exhausted |= n == -1;
            return n;
        }
    }
}
