package gateway.app.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses IP address literals and {@code address:port} pairs without ever asking DNS. */
public final class IpAddresses {
  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private IpAddresses() {}

  /** An IPv4 or IPv6 literal; a host name is refused, since config must not depend on DNS at start. */
  public static InetAddress parse(String text) {
    String t = text.trim();
    boolean v4 = IPV4.matcher(t).matches();
    boolean v6 = t.contains(":") && IPV6.matcher(t).matches();
    if (!v4 && !v6) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address");
    }
    try {
      return InetAddress.getByName(t);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address");
    }
  }

  /** {@code 192.0.2.1:53}, {@code [2001:db8::1]:53}; {@code :53} or a bare port means the wildcard. */
  public static InetSocketAddress parseSocket(String text) {
    String t = text.trim();
    int colon = t.lastIndexOf(':');
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("'" + text + "' is not address:port (IPv6 as [2001:db8::1]:53)");
      }
      return new InetSocketAddress(parse(t.substring(1, close)), port(t.substring(close + 2), text));
    }
    if (colon < 0) {
      return new InetSocketAddress(port(t, text));
    }
    if (t.indexOf(':') != colon) {
      throw new IllegalArgumentException("'" + text + "' is ambiguous: write an IPv6 address as [2001:db8::1]:53");
    }
    String host = t.substring(0, colon);
    int port = port(t.substring(colon + 1), text);
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(parse(host), port);
  }

  private static int port(String raw, String whole) {
    try {
      int port = Integer.parseInt(raw);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + whole + "' has no valid port (0..65535)");
    }
  }

  /** The canonical text of an address:port, IPv6 in brackets, as the config accepts it back. */
  public static String format(InetSocketAddress a) {
    InetAddress ip = a.getAddress();
    String host = ip == null ? a.getHostString() : ip.getHostAddress();
    if (ip != null && ip.isAnyLocalAddress()) {
      return ":" + a.getPort();
    }
    return (ip instanceof Inet4Address || ip == null ? host : "[" + host + "]") + ":" + a.getPort();
  }
}
