package gateway.dns.testutil;

import java.net.InetAddress;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/** Short builders for test messages. */
public final class Dns {
  private Dns() {}

  public static Name name(String s) {
    try {
      return Name.fromString(s.endsWith(".") ? s : s + ".");
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static InetAddress ip(String s) {
    try {
      return Address.getByAddress(s);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static ARecord a(String name, long ttl, String ip) {
    return new ARecord(name(name), DClass.IN, ttl, ip(ip));
  }

  public static CNAMERecord cname(String name, long ttl, String target) {
    return new CNAMERecord(name(name), DClass.IN, ttl, name(target));
  }

  public static SOARecord soa(String zone, long ttl, long minimum) {
    return new SOARecord(name(zone), DClass.IN, ttl, name("ns." + zone),
        name("hostmaster." + zone), 1, 3600, 600, 86400, minimum);
  }

  public static Message query(String name, int type) {
    return Message.newQuery(Record.newRecord(name(name), type, DClass.IN));
  }

  /** A response to {@code query} with the given rcode and records. */
  public static Message response(Message query, int rcode, Record[] answer, Record... authority) {
    Message r = new Message(query.getHeader().getID());
    r.getHeader().setFlag(Flags.QR);
    r.getHeader().setFlag(Flags.RA);
    r.getHeader().setFlag(Flags.RD);
    r.getHeader().setRcode(rcode);
    r.addRecord(query.getQuestion(), Section.QUESTION);
    for (Record x : answer) {
      r.addRecord(x, Section.ANSWER);
    }
    for (Record x : authority) {
      r.addRecord(x, Section.AUTHORITY);
    }
    return r;
  }

  public static Message answer(Message query, Record... answer) {
    return response(query, Rcode.NOERROR, answer);
  }

  public static Record[] none() {
    return new Record[0];
  }
}
