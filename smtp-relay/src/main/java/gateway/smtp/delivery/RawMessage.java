package gateway.smtp.delivery;

import jakarta.mail.Session;
import java.io.IOException;
import java.io.OutputStream;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A message that Angus sends exactly as it was spooled. Parsing it into a {@code MimeMessage} and writing
 * that out would re-encode header lines (8-bit or UTF-8 headers, RFC 6532), drop {@code Bcc} and cost a
 * parse per attempt; a relay passes the bytes through. Angus still applies the transparency procedure
 * (dot-stuffing, RFC 5321 section 4.5.2) while writing, and the content has only CRLF line ends (the
 * listener refuses anything else), so the data cannot be split upstream.
 */
final class RawMessage extends SMTPMessage {
    private final byte[] content;

    RawMessage(Session session, byte[] content) {
        super(session);
        this.content = content;
    }

    @Override
    public void writeTo(OutputStream os, String[] ignoreList) throws IOException {
        os.write(content);
    }

    @Override
    public void writeTo(OutputStream os) throws IOException {
        os.write(content);
    }

    @Override
    public int getSize() {
        return content.length;
    }
}
