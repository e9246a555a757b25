package gateway.dns.metrics;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Events of the forwarder, for logs and metrics. Methods are called on Netty event loop threads
 * (or Caffeine's maintenance thread for evictions), so implementations must be fast,
 * thread-safe and must not throw. Every method has a no-op default.
 */
public interface DnsListener {

  /** A listener that ignores everything. */
  DnsListener NOOP = new DnsListener() {};

  /** A well-formed query was accepted from an allowed client. */
  default void queryReceived(InetAddress client) {}

  /** A client outside the access predicate was answered REFUSED. */
  default void queryRefused(InetAddress client) {}

  /** Input that could not be parsed, or was too large; answered FORMERR or dropped. */
  default void malformedQuery(InetAddress client, String reason) {}

  /** The answer came from the local names (leases, static hosts, the LAN zones). */
  default void localAnswer(String name, int type) {}

  /** A fresh cache entry answered the query. */
  default void cacheHit(String name, int type) {}

  /** No fresh cache entry: the query goes (or joins a query going) upstream. */
  default void cacheMiss(String name, int type) {}

  /** Caffeine evicted an entry because the cache is full. */
  default void cacheEviction() {}

  /** A popular entry near expiry is being refreshed in the background. */
  default void prefetch(String name, int type) {}

  /** A client went over its query rate; the query was dropped. */
  default void rateLimited(InetAddress client) {}

  /** An expired entry was served because every upstream failed (RFC 8767). */
  default void staleServed(String name, int type) {}

  /** An upstream answered; {@code latency} is the round trip of the successful attempt. */
  default void upstreamAnswer(InetSocketAddress upstream, Duration latency, int rcode) {}

  /** One attempt at one upstream failed (timeout, SERVFAIL, REFUSED, I/O error). */
  default void upstreamFailure(InetSocketAddress upstream, String reason) {}

  /** An answer from an upstream was not accepted (wrong ID, source or question). */
  default void spoofSuspected(InetSocketAddress from, String reason) {}

  /** Records with private addresses under a public name were dropped. */
  default void rebindingBlocked(String name) {}

  /** A response to a client was truncated (TC) to fit its UDP payload size. */
  default void responseTruncated(InetAddress client) {}

  /** Every upstream failed and no stale entry helped: the client got SERVFAIL. */
  default void servfail(String name, int type) {}
}
