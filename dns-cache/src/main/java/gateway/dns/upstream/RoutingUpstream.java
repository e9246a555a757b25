package gateway.dns.upstream;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Message;

/**
 * Picks the transport per server: DNS over TLS for the servers configured with a TLS name,
 * plain UDP for the others. Used as the forwarder's first transport.
 */
public final class RoutingUpstream implements UpstreamTransport {

  private final UpstreamTransport plain;
  private final UpstreamTransport tls;
  private final Set<InetSocketAddress> tlsServers;

  public RoutingUpstream(UpstreamTransport plain, UpstreamTransport tls,
      Set<InetSocketAddress> tlsServers) {
    this.plain = plain;
    this.tls = tls;
    this.tlsServers = Set.copyOf(tlsServers);
  }

  @Override
  public CompletableFuture<Message> exchange(InetSocketAddress server, Message query,
      Duration timeout) {
    return (tlsServers.contains(server) ? tls : plain).exchange(server, query, timeout);
  }
}
