package gateway.smtp.server;

import gateway.smtp.policy.MailParameters;
import java.io.IOException;
import java.util.Locale;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.internal.util.EmailUtils;
import org.subethamail.smtp.server.Session;

/**
 * MAIL (RFC 5321 section 4.1.1.2). Replaces SubEthaSMTP's, which keeps only SIZE (and only when it is the last
 * parameter) and drops the rest: here every parameter is parsed ({@link MailParameters}), unknown ones are refused
 * with 555, and BODY and SMTPUTF8 reach {@link RelayMessageHandler} so they are spooled and passed upstream.
 */
final class RelayMailCommand extends BaseCommand {

    RelayMailCommand() {
        super("MAIL", "Specifies the sender.", "FROM:<sender> [ <parameters> ]");
    }

    @Override
    public void execute(String commandString, Session sess) throws IOException, DropConnectionException {
        if (sess.isMailTransactionInProgress()) {
            sess.sendResponse("503 5.5.1 Error: nested MAIL command");
            return;
        }
        String args = getArgPredicate(commandString);
        if (!args.toUpperCase(Locale.ROOT).startsWith("FROM:")) {
            sess.sendResponse("501 5.5.4 Syntax: MAIL FROM:<address>");
            return;
        }
        ReversePath path = ReversePath.split(args.substring(5));
        if (path == null) {
            sess.sendResponse("501 5.1.7 Syntax: MAIL FROM:<address>");
            return;
        }
        MailParameters params;
        try {
            params = MailParameters.parse(path.parameters());
        } catch (MailParameters.Refused r) {
            sess.sendResponse(r.violation().code() + " " + r.violation().text());
            return;
        }
        boolean ascii = path.address().chars().allMatch(c -> c < 0x80);
        if (ascii && !EmailUtils.isValidEmailAddress(path.address(), true)) {
            sess.sendResponse("501 5.1.7 <" + path.address() + ">: bad sender address syntax");
            return;
        }
        if (!ascii && !params.smtpUtf8()) {
            // RFC 6531 section 3.4: a non-ASCII address only in a transaction that declared SMTPUTF8
            sess.sendResponse("553 5.6.7 must declare SMTPUTF8 to send a non-ASCII address");
            return;
        }
        if (params.size() > sess.getServer().getMaxMessageSize()) {
            sess.sendResponse("552 5.3.4 message size exceeds fixed maximum message size");
            return;
        }
        sess.setDeclaredMessageSize((int) params.size());
        sess.startMailTransaction();
        try {
            if (sess.getMessageHandler() instanceof RelayMessageHandler relay) {
                relay.parameters(params);
            }
            sess.getMessageHandler().from(path.address());
        } catch (DropConnectionException ex) {
            sess.resetMailTransaction();
            throw ex;
        } catch (RejectException ex) {
            sess.resetMailTransaction();
            sess.sendResponse(ex.getErrorResponse());
            return;
        }
        sess.sendResponse("250 2.1.0 Ok");
    }

    /** The reverse-path (without brackets) and the parameter text after it. */
    record ReversePath(String address, String parameters) {

        /**
         * Splits {@code <address> params}. The closing bracket is the first one outside a quoted local part
         * (RFC 5321 section 4.1.2); a missing bracket pair is tolerated like SubEthaSMTP does (address up to the
         * first space). Returns null if the brackets do not close.
         */
        static ReversePath split(String s) {
            int i = 0;
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
            if (i == s.length() || s.charAt(i) != '<') {
                int sp = s.indexOf(' ', i);
                return sp < 0 ? new ReversePath(s.substring(i), "") : new ReversePath(s.substring(i, sp),
                        s.substring(sp + 1));
            }
            boolean quoted = false;
            for (int j = i + 1; j < s.length(); j++) {
                char c = s.charAt(j);
                if (quoted && c == '\\') {
                    j++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == '>' && !quoted) {
                    String rest = s.substring(j + 1);
                    if (!rest.isEmpty() && rest.charAt(0) != ' ') {
                        return null;
                    }
                    return new ReversePath(s.substring(i + 1, j), rest);
                }
            }
            return null;
        }
    }
}
