package gateway.dns.handler;

import gateway.dns.cache.CachingResolver;
import gateway.dns.local.LocalZone;
import gateway.dns.metrics.DnsListener;
import gateway.dns.policy.MinimalAny;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The per-query script, in order: access (REFUSED outside the LAN) → query rules (NOTIMP,
 * FORMERR, BADVERS, REFUSED) → local names (authoritative, never forwarded) → ANY (RFC 8482)
 * → cache and upstreams → SERVFAIL when nothing answered. The returned future never fails:
 * every failure maps to an rcode through {@link Responses}.
 */
public final class QueryProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(QueryProcessor.class);

  private final Predicate<InetAddress> access;
  private final LocalZone local;
  private final CachingResolver resolver;
  private final long staleAnswerTtl;
  private final LongSupplier nowMillis;
  private final DnsListener listener;

  public QueryProcessor(Predicate<InetAddress> access, LocalZone local, CachingResolver resolver,
      long staleAnswerTtl, LongSupplier nowMillis, DnsListener listener) {
    this.access = access;
    this.local = local;
    this.resolver = resolver;
    this.staleAnswerTtl = staleAnswerTtl;
    this.nowMillis = nowMillis;
    this.listener = listener;
  }

  /**
   * Answers {@code query} from {@code client}; {@code trusted} skips the access check (the
   * admin endpoint's lookups). Completes with the response, never exceptionally.
   */
  public CompletableFuture<Message> process(Message query, InetAddress client, boolean trusted) {
    try {
      if (!trusted && !access.test(client)) {
        listener.queryRefused(client);
        return done(Responses.refused(query));
      }
      Message rejected = checkRules(query);
      if (rejected != null) {
        listener.malformedQuery(client, "rcode " + Rcode.string(rejected.getRcode()));
        return done(rejected);
      }
      listener.queryReceived(client);
      Record question = query.getQuestion();
      Name qname = question.getName();
      int qtype = question.getType();
      Optional<LocalZone.Answer> localAnswer = local.answer(qname, qtype);
      if (localAnswer.isPresent()) {
        listener.localAnswer(qname.toString(), qtype);
        return done(authoritative(query, localAnswer.get()));
      }
      if (qtype == Type.ANY) {
        Message r = Responses.reply(query, Rcode.NOERROR);
        r.addRecord(MinimalAny.answer(qname, question.getDClass()), Section.ANSWER);
        return done(r);
      }
      return resolver.resolve(qname, qtype, question.getDClass()).handle((res, error) -> {
        if (error != null) {
          listener.servfail(qname.toString(), qtype);
          return Responses.servfail(query);
        }
        Message r = Responses.reply(query, Rcode.NOERROR);
        res.entry().fill(r, nowMillis.getAsLong(), res.stale() ? staleAnswerTtl : -1);
        return r;
      });
    } catch (RuntimeException e) { // a bug must cost one SERVFAIL, not the server
      LOG.warn("query processing failed", e);
      return done(Responses.servfail(query));
    }
  }

  /** The rejection for a query that breaks the rules, or null if it may be answered. */
  static Message checkRules(Message query) {
    if (query.getHeader().getOpcode() != Opcode.QUERY) {
      return Responses.notimp(query); // RFC 1035 section 4.1.1
    }
    List<Record> questions = query.getSection(Section.QUESTION);
    if (questions.size() != 1) {
      return Responses.formerr(query); // RFC 9619: QDCOUNT must be 1
    }
    OPTRecord opt = query.getOPT();
    if (opt != null && opt.getVersion() != 0) {
      return Responses.badvers(query);
    }
    Record q = questions.get(0);
    int type = q.getType();
    if (type == Type.OPT || type == Type.TSIG || type == Type.TKEY) {
      return Responses.formerr(query);
    }
    if (type == Type.AXFR || type == Type.IXFR || type == Type.MAILA || type == Type.MAILB
        || q.getDClass() != DClass.IN) {
      return Responses.refused(query);
    }
    return null;
  }

  private static Message authoritative(Message query, LocalZone.Answer a) {
    Message r = Responses.reply(query, a.rcode());
    r.getHeader().setFlag(Flags.AA);
    a.answer().forEach(rec -> r.addRecord(rec, Section.ANSWER));
    a.authority().forEach(rec -> r.addRecord(rec, Section.AUTHORITY));
    return r;
  }

  private static CompletableFuture<Message> done(Message m) {
    return CompletableFuture.completedFuture(m);
  }
}
