package gateway.smtp.server;

import java.io.IOException;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * BDAT is not advertised (see {@link RelayEhloCommand}). A client that sends it anyway is followed by binary
 * chunk data we must not read as commands, so the connection is closed (RFC 3030 section 2 requires the
 * extension to be advertised first).
 */
final class BdatRefusedCommand extends BaseCommand {

    BdatRefusedCommand() {
        super("BDAT", "Not supported; use DATA.");
    }

    @Override
    public void execute(String commandString, Session sess) throws IOException, DropConnectionException {
        throw new DropConnectionException(502, "5.5.1 BDAT not supported (CHUNKING not advertised); closing");
    }
}
