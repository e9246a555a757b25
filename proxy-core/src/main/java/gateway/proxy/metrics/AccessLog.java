package gateway.proxy.metrics;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one line per request to stdout or appended to a file. Each line is flushed, so a
 * crash loses nothing already answered; lines are short, so writing on the event loop is cheap.
 */
public final class AccessLog implements ProxyListener, Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    private final Writer out;
    private final boolean ownsStream;

    private AccessLog(Writer out, boolean ownsStream) {
        this.out = out;
        this.ownsStream = ownsStream;
    }

    /** "-" for stdout, a path to append to; fails with the path in the message when it cannot be opened. */
    public static AccessLog open(String target) throws IOException {
        if (target.equals("-")) {
            return toStream(System.out);
        }
        Path path = Path.of(target);
        try {
            return new AccessLog(Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE), true);
        } catch (IOException e) {
            throw new IOException("cannot open access log " + path + ": " + e.getMessage(), e);
        }
    }

    static AccessLog toStream(PrintStream stream) {
        return new AccessLog(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8)), false);
    }

    @Override
    public void requestCompleted(AccessRecord record) {
        String line = record.toLogLine();
        synchronized (out) {
            try {
                out.write(line);
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                LOG.warn("access log write failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (out) {
            out.flush();
            if (ownsStream) {
                out.close();
            }
        }
    }
}
