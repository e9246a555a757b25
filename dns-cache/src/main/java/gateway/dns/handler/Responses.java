package gateway.dns.handler;

import gateway.dns.policy.PayloadSize;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * The one place where failures become DNS answers (RFC 1035 section 4.1.1 rcodes):
 * FORMERR for input we cannot parse or that breaks the query rules, REFUSED for clients
 * outside the LAN and for what we do not serve (zone transfers, non-IN classes), NOTIMP for
 * opcodes other than QUERY, SERVFAIL when no upstream answered, BADVERS for EDNS versions
 * other than 0 (RFC 6891 section 6.1.3).
 */
public final class Responses {

  private Responses() {}

  /** A response skeleton for {@code query}: same ID, opcode, RD and question; QR and RA set. */
  public static Message reply(Message query, int rcode) {
    Header qh = query.getHeader();
    Message r = new Message(qh.getID());
    Header h = r.getHeader();
    h.setFlag(Flags.QR);
    h.setFlag(Flags.RA);
    h.setOpcode(qh.getOpcode());
    if (qh.getFlag(Flags.RD)) {
      h.setFlag(Flags.RD);
    }
    if (qh.getFlag(Flags.CD)) {
      h.setFlag(Flags.CD);
    }
    if (query.getQuestion() != null) {
      r.addRecord(query.getQuestion(), Section.QUESTION);
    }
    h.setRcode(rcode);
    if (query.getOPT() != null) { // RFC 6891 section 7: answer EDNS with EDNS
      r.addRecord(new OPTRecord(PayloadSize.ADVERTISED, 0, 0), Section.ADDITIONAL);
    }
    return r;
  }

  /** FORMERR for input that did not parse: only ID and opcode are known. */
  public static Message formerr(int id, int opcode) {
    Message r = new Message(id);
    r.getHeader().setFlag(Flags.QR);
    r.getHeader().setOpcode(opcode);
    r.getHeader().setRcode(Rcode.FORMERR);
    return r;
  }

  /** FORMERR for a query that parsed but breaks the rules (e.g. not exactly one question). */
  public static Message formerr(Message query) {
    return reply(query, Rcode.FORMERR);
  }

  /** REFUSED: not from the LAN, or something this server does not do. */
  public static Message refused(Message query) {
    return reply(query, Rcode.REFUSED);
  }

  /** NOTIMP: an opcode other than QUERY. */
  public static Message notimp(Message query) {
    return reply(query, Rcode.NOTIMP);
  }

  /** SERVFAIL: no upstream could answer and no stale entry helped. */
  public static Message servfail(Message query) {
    return reply(query, Rcode.SERVFAIL);
  }

  /** BADVERS: the extended rcode 16 lives partly in the OPT record (RFC 6891 section 6.1.3). */
  public static Message badvers(Message query) {
    Message r = reply(query, Rcode.NOERROR);
    r.removeAllRecords(Section.ADDITIONAL);
    r.addRecord(new OPTRecord(PayloadSize.ADVERTISED, Rcode.BADVERS >>> 4, 0),
        Section.ADDITIONAL);
    return r;
  }
}
