package gateway.dns.cache;

import gateway.dns.metrics.DnsListener;
import gateway.dns.policy.Bailiwick;
import gateway.dns.policy.RebindingFilter;
import gateway.dns.policy.TtlPolicy;
import gateway.dns.upstream.UpstreamForwarder;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Cache in front of the upstreams: a fresh entry answers at once; a miss joins (or starts)
 * the one upstream query for that key; the answer is scrubbed to the question's bailiwick,
 * cleared of rebinding attempts, stored per {@link TtlPolicy}. When every upstream fails, an
 * expired entry still in its stale window answers (RFC 8767 section 4) if enabled.
 */
public final class CachingResolver {

  /**
   * A resolved question.
   *
   * @param entry the records and rcode to answer with
   * @param stale true when the entry had expired and is served because upstreams failed
   */
  public record Resolution(CachedResponse entry, boolean stale) {}

  private final DnsCache cache;
  private final Coalescer<CacheKey, CachedResponse> coalescer = new Coalescer<>();
  private final UpstreamForwarder forwarder;
  private final TtlPolicy ttlPolicy;
  private final RebindingFilter rebinding;
  private final boolean serveStale;
  private final boolean prefetch;
  private final DnsListener listener;

  /** {@code rebinding} may be null to turn rebinding protection off. */
  public CachingResolver(DnsCache cache, UpstreamForwarder forwarder, TtlPolicy ttlPolicy,
      RebindingFilter rebinding, boolean serveStale, boolean prefetch, DnsListener listener) {
    this.cache = cache;
    this.forwarder = forwarder;
    this.ttlPolicy = ttlPolicy;
    this.rebinding = rebinding;
    this.serveStale = serveStale;
    this.prefetch = prefetch;
    this.listener = listener;
  }

  /**
   * Prefetch (as unbound does): an entry still asked for in the last tenth of its TTL is
   * popular, so it is refreshed in the background now and the next clients never see a miss.
   * Entries under 10 s are left alone; the refresh joins the coalescer like any miss.
   */
  static boolean shouldPrefetch(CachedResponse entry, long nowMillis) {
    long ttl = entry.ttlSeconds();
    return ttl >= 10 && entry.remainingSeconds(nowMillis) <= ttl / 10;
  }

  /** Resolves a question; fails only when no upstream answered and nothing stale could help. */
  public CompletableFuture<Resolution> resolve(Name qname, int qtype, int qclass) {
    CacheKey key = new CacheKey(qname, qtype, qclass);
    long now = cache.nowMillis();
    CachedResponse fresh = fresh(key, now);
    String name = qname.toString();
    if (fresh != null) {
      hit(key, fresh, name, now);
      return CompletableFuture.completedFuture(new Resolution(fresh, false));
    }
    listener.cacheMiss(name, qtype);
    return fetch(key, qname, qtype, qclass)
        .handle((entry, error) -> {
          if (error == null) {
            return new Resolution(entry, false);
          }
          Optional<CachedResponse> stale = serveStale ? cache.get(key) : Optional.empty();
          if (stale.isPresent()) {
            listener.staleServed(name, qtype);
            return new Resolution(stale.get(), true);
          }
          throw new java.util.concurrent.CompletionException(error);
        });
  }

  /**
   * The entry for {@code key} if it is fresh at {@code nowMillis}, else null (absent, or only
   * good for serve-stale). Counts nothing: a caller that answers with it calls {@link #hit}.
   */
  public CachedResponse fresh(CacheKey key, long nowMillis) {
    CachedResponse found = cache.get(key).orElse(null);
    return found != null && found.isFresh(nowMillis) ? found : null;
  }

  /**
   * Books an answer from the cache: the hit counter, and a prefetch when the entry is popular
   * and close to expiry. {@code name} is the query name as text, for the listener.
   */
  public void hit(CacheKey key, CachedResponse entry, String name, long nowMillis) {
    listener.cacheHit(name, key.type());
    if (prefetch && shouldPrefetch(entry, nowMillis)) {
      listener.prefetch(name, key.type());
      // failures are fine: the entry still serves
      fetch(key, key.name().toName(), key.type(), key.dclass());
    }
  }

  /** Now, in the cache's time. */
  public long nowMillis() {
    return cache.nowMillis();
  }

  private CompletableFuture<CachedResponse> fetch(CacheKey key, Name qname, int qtype,
      int qclass) {
    return coalescer.join(key, () -> forwarder.forward(qname, qtype, qclass)
        .thenApply(answer -> store(key, qname, qtype, qclass, answer)));
  }

  /** Number of distinct questions waiting for an upstream right now. */
  public int inFlight() {
    return coalescer.inFlight();
  }

  private CachedResponse store(CacheKey key, Name qname, int qtype, int qclass, Message answer) {
    int additional = 0;
    for (Record r : answer.getSection(Section.ADDITIONAL)) {
      if (r.getType() != Type.OPT) {
        additional++;
      }
    }
    Bailiwick.Scrubbed s = Bailiwick.scrub(qname, qtype, qclass,
        answer.getSection(Section.ANSWER), answer.getSection(Section.AUTHORITY), additional);
    List<Record> kept = s.answer();
    if (rebinding != null) {
      kept = rebinding.filter(qname, kept);
      if (kept.size() != s.answer().size()) {
        listener.rebindingBlocked(qname.toString());
      }
    }
    Message clean = new Message();
    clean.getHeader().setRcode(answer.getHeader().getRcode());
    kept.forEach(r -> clean.addRecord(r, Section.ANSWER));
    s.authority().forEach(r -> clean.addRecord(r, Section.AUTHORITY));
    TtlPolicy.Decision decision = ttlPolicy.decide(clean);
    CachedResponse entry = CachedResponse.of(clean, decision, ttlPolicy, cache.nowMillis());
    if (decision.kind() != TtlPolicy.Kind.UNCACHEABLE) {
      cache.put(key, entry);
    }
    return entry;
  }
}
