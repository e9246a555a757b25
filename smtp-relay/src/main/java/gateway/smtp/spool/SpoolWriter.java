package gateway.smtp.spool;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * Writes one message into {@code tmp/}. Call order: {@link #content()} writes, then {@link #commit()} (durable
 * and published) or {@link #close()} without commit (discarded).
 */
public final class SpoolWriter implements AutoCloseable {
    private final Spool spool;
    private final String id;
    private final Path file;
    private final Envelope envelope;
    private final FileChannel channel;
    private final CRC32 crc = new CRC32();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private long written;
    private long contentBytes;
    private boolean done;

    SpoolWriter(Spool spool, String id, Path file, Envelope envelope) throws IOException {
        this.spool = spool;
        this.id = id;
        this.file = file;
        this.envelope = envelope;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            channel.write(ByteBuffer.wrap(new byte[SpoolFormat.PREAMBLE_LENGTH]));
            byte[] head = SpoolFormat.envelopeHeader(envelope);
            put(head, 0, head.length);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    public String id() {
        return id;
    }

    /** Stream for the message content. */
    public OutputStream content() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                put(b, off, len);
                contentBytes += len;
            }
        };
    }

    private void put(byte[] b, int off, int len) throws IOException {
        if (done) {
            throw new IOException("spool writer already finished");
        }
        crc.update(b, off, len);
        written += len;
        while (len > 0) {
            int n = Math.min(len, buffer.remaining());
            buffer.put(b, off, n);
            off += n;
            len -= n;
            if (!buffer.hasRemaining()) {
                drain();
            }
        }
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    /** Makes the message durable (file fsync, rename, directory fsync) and returns it; only then may 250 be sent. */
    public SpooledMessage commit() throws IOException {
        if (done) {
            throw new IOException("spool writer already finished");
        }
        try {
            drain();
            ByteBuffer pre = ByteBuffer.wrap(SpoolFormat.preamble(written, crc.getValue()));
            while (pre.hasRemaining()) {
                channel.write(pre, pre.position());
            }
            channel.force(true);
            channel.close();
            spool.publish(file, id);
            done = true;
            return new SpooledMessage(id, envelope, contentBytes);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Discards the message unless it was committed. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // the file is removed below; nothing else to do
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // recovery removes whatever is left in tmp/
        }
    }
}
