package gateway.dns.upstream;

import java.util.Optional;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/**
 * Accepts an upstream answer only if it answers our query (RFC 5452 section 9.1: same ID,
 * same question, from the address and port queried; the address check is done by the
 * transport that knows the sender). Anything else is a spoofing attempt or a late answer to an
 * earlier query, and is ignored while we keep waiting for the real one.
 */
public final class AnswerValidator {

  private AnswerValidator() {}

  /** Why {@code answer} does not answer {@code query}, or empty when it does. */
  public static Optional<String> problem(Message query, Message answer) {
    if (!answer.getHeader().getFlag(Flags.QR)) {
      return Optional.of("not a response (QR clear)");
    }
    if (answer.getHeader().getID() != query.getHeader().getID()) {
      return Optional.of("ID " + answer.getHeader().getID() + " != " + query.getHeader().getID());
    }
    if (answer.getHeader().getOpcode() != query.getHeader().getOpcode()) {
      return Optional.of("opcode mismatch");
    }
    Record q = query.getQuestion();
    Record a = answer.getQuestion();
    if (a == null) {
      return Optional.of("no question section");
    }
    if (!a.getName().equals(q.getName()) || a.getType() != q.getType()
        || a.getDClass() != q.getDClass()) {
      return Optional.of("question mismatch: " + a.getName() + "/" + a.getType());
    }
    return Optional.empty();
  }
}
