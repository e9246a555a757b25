package gateway.dns.server;

import java.net.InetSocketAddress;

/** Turns a bind failure into a message that names the address and the likely fix. */
final class BindErrors {

  private BindErrors() {}

  static DnsServerException describe(String proto, InetSocketAddress address, Throwable cause) {
    String text = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
    String hint;
    if (text.contains("in use")) {
      hint = "port in use: stop the other DNS server on it (systemd-resolved, dnsmasq, "
          + "unbound) or choose another port";
    } else if (text.contains("permission") || text.contains("access denied")) {
      hint = "permission denied: ports below 1024 need CAP_NET_BIND_SERVICE "
          + "(AmbientCapabilities=CAP_NET_BIND_SERVICE) or root";
    } else if (text.contains("assign")) {
      hint = "address not available: it is not configured on any interface of this host";
    } else {
      hint = "see the cause";
    }
    return new DnsServerException(
        "cannot bind DNS " + proto + " " + address.getHostString() + ":" + address.getPort()
            + ": " + hint, cause);
  }
}
