package gateway.dns.metrics;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Forwards every event to two listeners: the server's own counters and the user's listener. */
public final class CompositeListener implements DnsListener {
  private final DnsListener a;
  private final DnsListener b;

  public CompositeListener(DnsListener a, DnsListener b) {
    this.a = a;
    this.b = b;
  }

  @Override public void queryReceived(InetAddress c) { a.queryReceived(c); b.queryReceived(c); }
  @Override public void queryRefused(InetAddress c) { a.queryRefused(c); b.queryRefused(c); }
  @Override public void malformedQuery(InetAddress c, String r) {
    a.malformedQuery(c, r);
    b.malformedQuery(c, r);
  }
  @Override public void localAnswer(String n, int t) { a.localAnswer(n, t); b.localAnswer(n, t); }
  @Override public void cacheHit(String n, int t) { a.cacheHit(n, t); b.cacheHit(n, t); }
  @Override public void cacheMiss(String n, int t) { a.cacheMiss(n, t); b.cacheMiss(n, t); }
  @Override public void cacheEviction() { a.cacheEviction(); b.cacheEviction(); }
  @Override public void staleServed(String n, int t) { a.staleServed(n, t); b.staleServed(n, t); }
  @Override public void upstreamAnswer(InetSocketAddress u, Duration l, int r) {
    a.upstreamAnswer(u, l, r);
    b.upstreamAnswer(u, l, r);
  }
  @Override public void upstreamFailure(InetSocketAddress u, String r) {
    a.upstreamFailure(u, r);
    b.upstreamFailure(u, r);
  }
  @Override public void spoofSuspected(InetSocketAddress f, String r) {
    a.spoofSuspected(f, r);
    b.spoofSuspected(f, r);
  }
  @Override public void rebindingBlocked(String n) { a.rebindingBlocked(n); b.rebindingBlocked(n); }
  @Override public void responseTruncated(InetAddress c) {
    a.responseTruncated(c);
    b.responseTruncated(c);
  }
  @Override public void prefetch(String n, int t) { a.prefetch(n, t); b.prefetch(n, t); }
  @Override public void rateLimited(InetAddress c) { a.rateLimited(c); b.rateLimited(c); }
  @Override public void servfail(String n, int t) { a.servfail(n, t); b.servfail(n, t); }
}
