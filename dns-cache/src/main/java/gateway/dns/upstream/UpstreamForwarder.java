package gateway.dns.upstream;

import gateway.dns.metrics.DnsListener;
import gateway.dns.policy.PayloadSize;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * Forwards one question to the upstreams: the healthiest first, each attempt bounded by the
 * per-query timeout, the next server on timeout, error, SERVFAIL, REFUSED, FORMERR or NOTIMP.
 * A truncated UDP answer is asked again over TCP from the same server (RFC 7766 section 5).
 * Each attempt uses a fresh random ID (RFC 5452 section 9.2). With racing on, the two
 * healthiest servers are asked at once and the first good answer wins (the other still counts
 * for health); only if both fail are the rest tried in order.
 */
public final class UpstreamForwarder {

  private final List<InetSocketAddress> servers;
  private final UpstreamTransport udp;
  private final UpstreamTransport tcp;
  private final UpstreamHealth health;
  private final Duration timeout;
  private final Random random;
  private final LongSupplier nanoTime;
  private final DnsListener listener;
  private final boolean race;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile int maxInFlight = 1000;

  /** {@code random} should be a SecureRandom outside tests; {@code nanoTime} measures latency. */
  public UpstreamForwarder(
      List<InetSocketAddress> servers, UpstreamTransport udp, UpstreamTransport tcp,
      UpstreamHealth health, Duration timeout, Random random, LongSupplier nanoTime,
      DnsListener listener) {
    this(servers, udp, tcp, health, timeout, random, nanoTime, listener, false);
  }

  /** As above; {@code race} asks the two healthiest servers at once. */
  public UpstreamForwarder(
      List<InetSocketAddress> servers, UpstreamTransport udp, UpstreamTransport tcp,
      UpstreamHealth health, Duration timeout, Random random, LongSupplier nanoTime,
      DnsListener listener, boolean race) {
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("at least one upstream server is needed");
    }
    this.servers = List.copyOf(servers);
    this.udp = udp;
    this.tcp = tcp;
    this.health = health;
    this.timeout = timeout;
    this.random = random;
    this.nanoTime = nanoTime;
    this.listener = listener;
    this.race = race;
  }

  /** The configured servers, in configured order. */
  public List<InetSocketAddress> servers() {
    return servers;
  }

  /**
   * Bounds the questions forwarded at once (default 1000). Each holds a socket until it is
   * answered or times out, so a flood of unique names (a random-subdomain attack) could
   * otherwise run the process out of file descriptors; over the bound a question fails at once.
   */
  public void maxInFlight(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1, got " + max);
    }
    this.maxInFlight = max;
  }

  /** Resolves the question; fails with {@link UpstreamException} when every server failed. */
  public CompletableFuture<Message> forward(Name qname, int qtype, int qclass) {
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      return CompletableFuture.failedFuture(
          new UpstreamException("more than " + maxInFlight + " upstream queries in flight"));
    }
    CompletableFuture<Message> result = new CompletableFuture<>();
    result.whenComplete((m, e) -> inFlight.decrementAndGet());
    List<InetSocketAddress> ordered = health.order(servers);
    StringBuilder failures = new StringBuilder();
    if (race && ordered.size() >= 2) {
      race(ordered, qname, qtype, qclass, result, failures);
    } else {
      attempt(ordered.iterator(), qname, qtype, qclass, result, failures);
    }
    return result;
  }

  private void race(List<InetSocketAddress> ordered, Name qname, int qtype, int qclass,
      CompletableFuture<Message> result, StringBuilder failures) {
    AtomicInteger lost = new AtomicInteger();
    for (InetSocketAddress server : ordered.subList(0, 2)) {
      long start = nanoTime.getAsLong();
      exchange(server, qname, qtype, qclass).whenComplete((answer, error) -> {
        String failure = error != null ? describe(error) : rcodeFailure(answer.getRcode());
        if (failure == null) {
          health.success(server);
          listener.upstreamAnswer(server, Duration.ofNanos(nanoTime.getAsLong() - start),
              answer.getRcode());
          result.complete(answer); // the slower answer finds it completed and is dropped
          return;
        }
        health.failure(server);
        listener.upstreamFailure(server, failure);
        synchronized (failures) {
          failures.append(' ').append(server).append(": ").append(failure).append(';');
        }
        if (lost.incrementAndGet() == 2) {
          attempt(ordered.subList(2, ordered.size()).iterator(), qname, qtype, qclass, result,
              failures);
        }
      });
    }
  }

  private void attempt(
      Iterator<InetSocketAddress> next, Name qname, int qtype, int qclass,
      CompletableFuture<Message> result, StringBuilder failures) {
    if (!next.hasNext()) {
      result.completeExceptionally(new UpstreamException("all upstreams failed:" + failures));
      return;
    }
    InetSocketAddress server = next.next();
    long start = nanoTime.getAsLong();
    exchange(server, qname, qtype, qclass).whenComplete((answer, error) -> {
      String failure = error != null ? describe(error) : rcodeFailure(answer.getRcode());
      if (failure == null) {
        health.success(server);
        listener.upstreamAnswer(server, Duration.ofNanos(nanoTime.getAsLong() - start),
            answer.getRcode());
        result.complete(answer);
        return;
      }
      health.failure(server);
      listener.upstreamFailure(server, failure);
      failures.append(' ').append(server).append(": ").append(failure).append(';');
      attempt(next, qname, qtype, qclass, result, failures);
    });
  }

  private CompletableFuture<Message> exchange(
      InetSocketAddress server, Name qname, int qtype, int qclass) {
    return udp.exchange(server, query(qname, qtype, qclass), timeout).thenCompose(answer ->
        answer.getHeader().getFlag(Flags.TC)
            ? tcp.exchange(server, query(qname, qtype, qclass), timeout)
            : CompletableFuture.completedFuture(answer));
  }

  private Message query(Name qname, int qtype, int qclass) {
    Message q = new Message(random.nextInt(0x10000));
    q.getHeader().setFlag(Flags.RD);
    q.addRecord(Record.newRecord(qname, qtype, qclass), org.xbill.DNS.Section.QUESTION);
    q.addRecord(new OPTRecord(PayloadSize.ADVERTISED, 0, 0), org.xbill.DNS.Section.ADDITIONAL);
    return q;
  }

  private static String rcodeFailure(int rcode) {
    return switch (rcode) {
      case Rcode.SERVFAIL, Rcode.REFUSED, Rcode.FORMERR, Rcode.NOTIMP -> Rcode.string(rcode);
      // extended rcodes (BADVERS, BADCOOKIE...) mean the upstream did not answer the question
      default -> rcode > 15 ? Rcode.string(rcode) : null;
    };
  }

  private static String describe(Throwable error) {
    Throwable e = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
