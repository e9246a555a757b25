package gateway.dns.metrics;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/** Counters behind {@code gateway dns stats}; a {@link DnsListener} that only counts. */
public final class DnsStats implements DnsListener {

  private final LongAdder queries = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final LongAdder local = new LongAdder();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder stale = new LongAdder();
  private final LongAdder upstreamAnswers = new LongAdder();
  private final LongAdder upstreamFailures = new LongAdder();
  private final LongAdder upstreamNanos = new LongAdder();
  private final LongAdder spoofs = new LongAdder();
  private final LongAdder rebinding = new LongAdder();
  private final LongAdder truncated = new LongAdder();
  private final LongAdder servfails = new LongAdder();
  private final LongAdder prefetches = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();

  @Override
  public void prefetch(String name, int type) {
    prefetches.increment();
  }

  @Override
  public void rateLimited(InetAddress client) {
    rateLimited.increment();
  }

  @Override
  public void queryReceived(InetAddress client) {
    queries.increment();
  }

  @Override
  public void queryRefused(InetAddress client) {
    refused.increment();
  }

  @Override
  public void malformedQuery(InetAddress client, String reason) {
    malformed.increment();
  }

  @Override
  public void localAnswer(String name, int type) {
    local.increment();
  }

  @Override
  public void cacheHit(String name, int type) {
    hits.increment();
  }

  @Override
  public void cacheMiss(String name, int type) {
    misses.increment();
  }

  @Override
  public void cacheEviction() {
    evictions.increment();
  }

  @Override
  public void staleServed(String name, int type) {
    stale.increment();
  }

  @Override
  public void upstreamAnswer(InetSocketAddress upstream, Duration latency, int rcode) {
    upstreamAnswers.increment();
    upstreamNanos.add(latency.toNanos());
  }

  @Override
  public void upstreamFailure(InetSocketAddress upstream, String reason) {
    upstreamFailures.increment();
  }

  @Override
  public void spoofSuspected(InetSocketAddress from, String reason) {
    spoofs.increment();
  }

  @Override
  public void rebindingBlocked(String name) {
    rebinding.increment();
  }

  @Override
  public void responseTruncated(InetAddress client) {
    truncated.increment();
  }

  @Override
  public void servfail(String name, int type) {
    servfails.increment();
  }

  /** A consistent-enough copy of the counters (each read once; they may move in between). */
  public DnsStatsSnapshot snapshot(long cacheSize) {
    long answers = upstreamAnswers.sum();
    return new DnsStatsSnapshot(
        queries.sum(), refused.sum(), malformed.sum(), local.sum(), hits.sum(), misses.sum(),
        evictions.sum(), stale.sum(), answers, upstreamFailures.sum(),
        answers == 0 ? 0 : upstreamNanos.sum() / answers / 1000,
        spoofs.sum(), rebinding.sum(), truncated.sum(), servfails.sum(), prefetches.sum(),
        rateLimited.sum(), cacheSize);
  }
}
