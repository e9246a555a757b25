package gateway.dns.upstream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Address;

/**
 * Default upstreams from resolv.conf(5) {@code nameserver} lines, leaving out the gateway
 * itself: a forwarder that lists itself as upstream would forward its own queries in a loop.
 */
public final class ResolvConf {

  private ResolvConf() {}

  /** Reads {@code file} and returns its name servers (port 53) that are not this server. */
  public static List<InetSocketAddress> upstreams(
      Path file, List<InetSocketAddress> listen, Set<InetAddress> ownAddresses)
      throws IOException {
    return upstreams(Files.readAllLines(file, StandardCharsets.UTF_8), listen, ownAddresses);
  }

  /** Parses resolv.conf lines; see {@link #isSelf} for what is skipped. */
  public static List<InetSocketAddress> upstreams(
      List<String> lines, List<InetSocketAddress> listen, Set<InetAddress> ownAddresses) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String line : lines) {
      String[] t = line.trim().split("\\s+");
      if (t.length < 2 || !t[0].equals("nameserver") || t[1].contains("%")) {
        continue;
      }
      InetAddress a;
      try {
        a = Address.getByAddress(t[1]);
      } catch (UnknownHostException e) {
        continue;
      }
      InetSocketAddress candidate = new InetSocketAddress(a, 53);
      if (!isSelf(candidate, listen, ownAddresses) && !out.contains(candidate)) {
        out.add(candidate);
      }
    }
    return out;
  }

  /**
   * True when a query to {@code candidate} would reach this server: it listens on that port
   * and on that address, or on the wildcard address and the candidate is one of the box's own
   * addresses or a loopback address.
   */
  static boolean isSelf(
      InetSocketAddress candidate, List<InetSocketAddress> listen, Set<InetAddress> own) {
    InetAddress c = candidate.getAddress();
    for (InetSocketAddress l : listen) {
      if (l.getPort() != candidate.getPort()) {
        continue;
      }
      if (l.getAddress().equals(c)) {
        return true;
      }
      if (l.getAddress().isAnyLocalAddress() && (own.contains(c) || c.isLoopbackAddress())) {
        return true;
      }
    }
    return false;
  }
}
