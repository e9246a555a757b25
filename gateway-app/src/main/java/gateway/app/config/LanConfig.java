package gateway.app.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one definition of "the LAN": the interface the clients are on, the gateway's address there,
 * the subnet, and the LAN's domain. Every service's listen defaults and access rules derive from
 * it (see {@link #access()}), so a new subnet is never forgotten in one service's ACL.
 *
 * @param interfaceName the LAN network interface, e.g. {@code lan0}
 * @param address the gateway's own address on that interface
 * @param subnet the LAN subnet; {@code address} must lie inside it
 * @param alsoAllow further client networks every service accepts (other subnets routed to the LAN)
 * @param domain the LAN's DNS domain, e.g. {@code home.arpa} (RFC 8375)
 */
public record LanConfig(
    String interfaceName, InetAddress address, Cidr subnet, List<Cidr> alsoAllow, String domain) {
  private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");
  private static final Pattern DOMAIN =
      Pattern.compile("(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  public LanConfig {
    Objects.requireNonNull(interfaceName, "interfaceName");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(subnet, "subnet");
    alsoAllow = List.copyOf(alsoAllow);
    Objects.requireNonNull(domain, "domain");
  }

  /** The loopback-only LAN of the no-config mode: nothing outside this machine is served. */
  public static LanConfig loopback() {
    return new LanConfig("lo", IpAddresses.parse("127.0.0.1"), Cidr.parse("127.0.0.0/8"),
        List.of(Cidr.parse("::1/128")), "localdomain");
  }

  /** Who may use the services: the subnet and every {@code also_allow} network. */
  public LanAccess access() {
    List<Cidr> all = new ArrayList<>();
    all.add(subnet);
    all.addAll(alsoAllow);
    return new LanAccess(all);
  }

  static LanConfig read(ConfigNode n) {
    String iface = n.string("interface", "");
    if (n.has("interface") && !INTERFACE.matcher(iface).matches()) {
      n.error("interface", "'" + iface + "' is not a network interface name (1 to 15 characters)");
    }
    if (!n.has("interface")) {
      n.error("interface", "is required (the LAN network interface, e.g. lan0)");
    }
    InetAddress address = n.parse("address", null, IpAddresses::parse);
    if (!n.has("address")) {
      n.error("address", "is required (the gateway's address on the LAN, e.g. 192.0.2.1)");
    }
    Cidr subnet = n.parse("subnet", null, Cidr::parse);
    if (!n.has("subnet")) {
      n.error("subnet", "is required (the LAN subnet, e.g. 192.0.2.0/24)");
    }
    if (address != null && subnet != null && !subnet.contains(address)) {
      n.error("address", address.getHostAddress() + " is outside lan.subnet " + subnet);
    }
    List<Cidr> alsoAllow = n.list("also_allow", List.of(), Cidr::parse);
    String domain = n.string("domain", "home.arpa");
    if (!DOMAIN.matcher(domain).matches() || domain.length() > 253) {
      n.error("domain", "'" + domain + "' is not a DNS domain name");
    }
    n.finish();
    if (address == null || subnet == null) {
      return null; // errors are recorded; the caller stops before using the config
    }
    return new LanConfig(iface, address, subnet, alsoAllow, domain.toLowerCase(java.util.Locale.ROOT));
  }

  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("interface", interfaceName);
    m.put("address", address.getHostAddress());
    m.put("subnet", subnet.toString());
    m.put("also_allow", alsoAllow.stream().map(Cidr::toString).toList());
    m.put("domain", domain);
    return m;
  }
}
