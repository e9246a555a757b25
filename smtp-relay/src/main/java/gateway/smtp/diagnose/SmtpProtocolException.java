package gateway.smtp.diagnose;

import java.io.IOException;

/** The peer did not speak SMTP as RFC 5321 section 4.2 describes. */
final class SmtpProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    SmtpProtocolException(String message) {
        super(message);
    }
}
