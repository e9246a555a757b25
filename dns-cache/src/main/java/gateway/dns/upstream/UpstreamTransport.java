package gateway.dns.upstream;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Message;

/**
 * One query to one upstream over one transport. The returned future completes with an answer
 * that passed {@link AnswerValidator} (right server, ID and question) or fails with an
 * {@link UpstreamException}; it always completes within about {@code timeout}.
 */
public interface UpstreamTransport {

  /** Sends {@code query} to {@code server} and waits at most {@code timeout} for the answer. */
  CompletableFuture<Message> exchange(InetSocketAddress server, Message query, Duration timeout);
}
