package gateway.dns.testutil;

import gateway.dns.upstream.UpstreamException;
import gateway.dns.upstream.UpstreamTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.xbill.DNS.Message;

/** An in-memory transport: per server a function from query to (future) answer. */
public final class ScriptedTransport implements UpstreamTransport {

  private final Map<InetSocketAddress, Function<Message, CompletableFuture<Message>>> scripts =
      new ConcurrentHashMap<>();
  private final List<InetSocketAddress> calls = new CopyOnWriteArrayList<>();

  public ScriptedTransport on(InetSocketAddress server,
      Function<Message, CompletableFuture<Message>> script) {
    scripts.put(server, script);
    return this;
  }

  /** Answers every query with {@code answer.apply(query)} at once. */
  public ScriptedTransport answering(InetSocketAddress server, Function<Message, Message> answer) {
    return on(server, q -> CompletableFuture.completedFuture(answer.apply(q)));
  }

  /** Fails every query at once, like a timeout would after a while. */
  public ScriptedTransport failing(InetSocketAddress server) {
    return on(server, q -> CompletableFuture.failedFuture(new UpstreamException("timeout")));
  }

  public List<InetSocketAddress> calls() {
    return calls;
  }

  @Override
  public CompletableFuture<Message> exchange(InetSocketAddress server, Message query,
      Duration timeout) {
    calls.add(server);
    Function<Message, CompletableFuture<Message>> s = scripts.get(server);
    return s == null ? CompletableFuture.failedFuture(new UpstreamException("unscripted"))
        : s.apply(query);
  }
}
