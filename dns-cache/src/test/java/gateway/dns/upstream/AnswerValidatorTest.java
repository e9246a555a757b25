package gateway.dns.upstream;

import static gateway.dns.testutil.Dns.a;
import static gateway.dns.testutil.Dns.answer;
import static gateway.dns.testutil.Dns.query;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

class AnswerValidatorTest { // RFC 5452 9.1

  private final Message q = query("www.example.com", Type.A);

  @Test
  void matchingAnswerIsAccepted() {
    assertThat(AnswerValidator.problem(q, answer(q, a("www.example.com", 5, "203.0.113.5"))))
        .isEmpty();
  }

  @Test
  void questionNameCaseDoesNotMatter() {
    Message q2 = query("WWW.Example.COM", Type.A);
    q2.getHeader().setID(q.getHeader().getID());
    assertThat(AnswerValidator.problem(q, answer(q2))).isEmpty();
  }

  @Test
  void wrongIdIsRejected() {
    Message r = answer(q);
    r.getHeader().setID((q.getHeader().getID() + 1) & 0xffff);
    assertThat(AnswerValidator.problem(q, r)).get().asString().contains("ID");
  }

  @Test
  void wrongQuestionIsRejected() {
    Message other = query("www.bank.example", Type.A);
    other.getHeader().setID(q.getHeader().getID());
    assertThat(AnswerValidator.problem(q, answer(other))).get().asString()
        .contains("question");
    Message otherType = query("www.example.com", Type.AAAA);
    otherType.getHeader().setID(q.getHeader().getID());
    assertThat(AnswerValidator.problem(q, answer(otherType))).isPresent();
  }

  @Test
  void queryInsteadOfResponseIsRejected() {
    Message r = answer(q);
    r.getHeader().unsetFlag(Flags.QR);
    assertThat(AnswerValidator.problem(q, r)).isPresent();
  }

  @Test
  void missingQuestionIsRejected() {
    Message r = new Message(q.getHeader().getID());
    r.getHeader().setFlag(Flags.QR);
    assertThat(AnswerValidator.problem(q, r)).isPresent();
  }
}
