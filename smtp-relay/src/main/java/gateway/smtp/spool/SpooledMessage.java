package gateway.smtp.spool;

import java.util.Objects;

/**
 * A message published in the spool.
 *
 * @param id queue id (also the file name)
 * @param envelope its envelope
 * @param size size of the message content in bytes
 */
public record SpooledMessage(String id, Envelope envelope, long size) {

    public SpooledMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(envelope, "envelope");
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
    }
}
