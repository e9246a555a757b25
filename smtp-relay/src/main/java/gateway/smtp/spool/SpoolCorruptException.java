package gateway.smtp.spool;

import java.io.IOException;

/** A spool file that does not parse or whose checksum does not match: never delivered. */
public final class SpoolCorruptException extends IOException {
    private static final long serialVersionUID = 1L;

    SpoolCorruptException(String message) {
        super(message);
    }
}
