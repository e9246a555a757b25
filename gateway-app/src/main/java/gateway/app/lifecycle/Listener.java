package gateway.app.lifecycle;

import java.net.InetSocketAddress;
import java.util.Objects;

/** One bound socket of a service, e.g. {@code dns udp 192.0.2.1:53}. */
public record Listener(String proto, InetSocketAddress address) {
  public Listener {
    Objects.requireNonNull(proto, "proto");
    Objects.requireNonNull(address, "address");
  }

  public static Listener tcp(InetSocketAddress address) {
    return new Listener("tcp", address);
  }

  public static Listener udp(InetSocketAddress address) {
    return new Listener("udp", address);
  }
}
