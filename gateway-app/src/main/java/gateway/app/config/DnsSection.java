package gateway.app.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code dns} section: the caching DNS forwarder. Listens on the gateway's LAN address, port
 * 53, unless told otherwise; serves the LAN only (access comes from {@code lan}); answers the LAN's
 * domain and reverse zone itself.
 *
 * @param enabled whether the forwarder runs
 * @param listen UDP and TCP address
 * @param upstreams resolvers to forward to; empty means the {@code nameserver}s of {@code resolvConf}
 * @param resolvConf where default upstreams come from (the gateway itself is skipped)
 * @param upstreamTimeout one attempt at one upstream
 * @param cacheSize bound on cached answers
 * @param minTtl answers are cached at least this long
 * @param maxTtl answers are cached at most this long
 * @param negativeMaxTtl cap for NXDOMAIN/NODATA caching (RFC 2308)
 * @param serveStale answer from expired entries when every upstream fails (RFC 8767)
 * @param staleMaxAge how long after expiry an entry may be served stale
 * @param rebindingProtection drop public names that resolve to private or LAN addresses
 * @param rebindingAllowedDomains domains exempt from rebinding protection
 * @param hosts static names (relative ones go under {@code lan.domain})
 * @param hostsFiles files in /etc/hosts format served like {@code hosts}
 * @param localTtl TTL of the answers about LAN names
 * @param persistCache save the cache to {@code data_dir/dns-cache.snapshot} on stop, load it at start
 * @param prefetch refresh popular entries shortly before they expire
 * @param rateLimitPerClient queries per second one client may send (bursts of twice that); 0 = off
 * @param raceUpstreams ask the two healthiest upstreams at once, take the first good answer
 * @param tlsUpstreams DNS-over-TLS upstreams, asked before {@code upstreams}
 * @param tlsCaFile PEM trust anchors for their certificates; null: the JDK's trust store
 */
public record DnsSection(
    boolean enabled,
    InetSocketAddress listen,
    List<InetSocketAddress> upstreams,
    Path resolvConf,
    Duration upstreamTimeout,
    int cacheSize,
    Duration minTtl,
    Duration maxTtl,
    Duration negativeMaxTtl,
    boolean serveStale,
    Duration staleMaxAge,
    boolean rebindingProtection,
    List<String> rebindingAllowedDomains,
    List<StaticHost> hosts,
    List<Path> hostsFiles,
    Duration localTtl,
    boolean persistCache,
    boolean prefetch,
    int rateLimitPerClient,
    boolean raceUpstreams,
    List<TlsUpstream> tlsUpstreams,
    Path tlsCaFile) {

  private static final Pattern DOMAIN = Pattern.compile(
      "(?i)([a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?");

  public DnsSection {
    Objects.requireNonNull(listen, "listen");
    upstreams = List.copyOf(upstreams);
    Objects.requireNonNull(resolvConf, "resolvConf");
    rebindingAllowedDomains = List.copyOf(rebindingAllowedDomains);
    hosts = List.copyOf(hosts);
    hostsFiles = List.copyOf(hostsFiles);
    tlsUpstreams = List.copyOf(tlsUpstreams);
  }

  /** A DNS-over-TLS upstream: its address (port 853 unless given) and certificate name. */
  public record TlsUpstream(InetSocketAddress address, String name) {
    public TlsUpstream {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(name, "name");
    }
  }

  /** One static name. */
  public record StaticHost(String name, List<InetAddress> addresses) {
    public StaticHost {
      Objects.requireNonNull(name, "name");
      addresses = List.copyOf(addresses);
    }
  }

  static DnsSection loopback() {
    return defaults(true, new InetSocketAddress(IpAddresses.parse("127.0.0.1"), 5353));
  }

  private static DnsSection defaults(boolean enabled, InetSocketAddress listen) {
    return new DnsSection(enabled, listen, List.of(), Path.of("/etc/resolv.conf"),
        Duration.ofSeconds(2), 10_000, Duration.ZERO, Duration.ofDays(1), Duration.ofHours(1),
        true, Duration.ofDays(1), true, List.of(), List.of(), List.of(), Duration.ofSeconds(60),
        true, true, 0, false, List.of(), null);
  }

  static DnsSection read(ConfigNode n, LanConfig lan) {
    DnsSection d = defaults(true, lanPort(lan, 53));
    boolean enabled = n.bool("enabled", true);
    InetSocketAddress listen = n.parse("listen", d.listen(), IpAddresses::parseSocket);
    List<InetSocketAddress> upstreams = n.list("upstreams", List.of(), DnsSection::upstream);
    Path resolvConf = n.parse("resolv_conf", d.resolvConf(), Path::of);
    Duration timeout = positive(n, "upstream_timeout", d.upstreamTimeout());
    int cacheSize = n.integer("cache_size", d.cacheSize(), 0, 10_000_000);
    Duration minTtl = notNegative(n, "min_ttl", d.minTtl());
    Duration maxTtl = positive(n, "max_ttl", d.maxTtl());
    if (minTtl.compareTo(maxTtl) > 0) {
      n.error("min_ttl", Durations.format(minTtl) + " is above max_ttl " + Durations.format(maxTtl));
    }
    Duration negativeMax = notNegative(n, "negative_max_ttl", d.negativeMaxTtl());
    boolean serveStale = n.bool("serve_stale", true);
    Duration staleMaxAge = notNegative(n, "stale_max_age", d.staleMaxAge());
    boolean rebinding = n.bool("rebinding_protection", true);
    List<String> allowed = n.list("rebinding_allowed_domains", List.of(), DnsSection::domain);
    List<StaticHost> hosts = n.objects("hosts").stream().map(DnsSection::host).toList();
    List<Path> hostsFiles = n.list("hosts_files", List.of(), Path::of);
    Duration localTtl = notNegative(n, "local_ttl", d.localTtl());
    boolean persist = n.bool("persist_cache", true);
    boolean prefetch = n.bool("prefetch", true);
    int rateLimit = n.integer("rate_limit_per_client", 0, 0, 1_000_000);
    boolean race = n.bool("race_upstreams", false);
    List<TlsUpstream> tls = n.objects("tls_upstreams").stream().map(DnsSection::tlsUpstream)
        .toList();
    Path tlsCa = n.parse("tls_ca_file", null, Path::of);
    n.finish();
    return new DnsSection(enabled, listen, upstreams, resolvConf, timeout, cacheSize, minTtl,
        maxTtl, negativeMax, serveStale, staleMaxAge, rebinding, allowed, hosts, hostsFiles,
        localTtl, persist, prefetch, rateLimit, race, tls, tlsCa);
  }

  /** {@code 192.0.2.53}, {@code 192.0.2.53:5353} or {@code [2001:db8::53]:53}; port 53 by default. */
  static InetSocketAddress upstream(String text) {
    if (text.startsWith("[") || (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':'))) {
      return IpAddresses.parseSocket(text);
    }
    return new InetSocketAddress(IpAddresses.parse(text), 53);
  }

  private static String domain(String text) {
    if (!DOMAIN.matcher(text).matches() || text.length() > 254) {
      throw new IllegalArgumentException("'" + text + "' is not a DNS domain name");
    }
    return text.toLowerCase(java.util.Locale.ROOT);
  }

  private static TlsUpstream tlsUpstream(ConfigNode t) {
    InetSocketAddress address = t.parse("address", null, a -> a.startsWith("[")
        || (a.indexOf(':') >= 0 && a.indexOf(':') == a.lastIndexOf(':'))
        ? IpAddresses.parseSocket(a) : new InetSocketAddress(IpAddresses.parse(a), 853));
    if (!t.has("address")) {
      t.error("address", "is required (e.g. 203.0.113.53 or 203.0.113.53:853)");
    }
    String name = t.string("name", "");
    if (!t.has("name")) {
      t.error("name", "is required (the name the server's certificate is issued for)");
    } else if (!DOMAIN.matcher(name).matches()) {
      t.error("name", "'" + name + "' is not a DNS name");
    }
    t.finish();
    return new TlsUpstream(address == null ? new InetSocketAddress(853) : address, name);
  }

  private static StaticHost host(ConfigNode h) {
    String name = h.string("name", "");
    if (!h.has("name")) {
      h.error("name", "is required (a host name such as nas, or nas.example.org)");
    } else if (!DOMAIN.matcher(name).matches()) {
      h.error("name", "'" + name + "' is not a host name");
    }
    List<InetAddress> addresses = h.list("addresses", List.of(), IpAddresses::parse);
    if (!h.has("addresses")) {
      h.error("addresses", "is required (one or more IP addresses)");
    }
    h.finish();
    return new StaticHost(name, addresses);
  }

  private static Duration positive(ConfigNode n, String key, Duration fallback) {
    Duration d = n.duration(key, fallback);
    if (d.isZero() || d.isNegative()) {
      n.error(key, "must be longer than zero");
      return fallback;
    }
    return d;
  }

  private static Duration notNegative(ConfigNode n, String key, Duration fallback) {
    Duration d = n.duration(key, fallback);
    if (d.isNegative()) {
      n.error(key, "must not be negative");
      return fallback;
    }
    return d;
  }

  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", enabled);
    m.put("listen", IpAddresses.format(listen));
    m.put("upstreams", upstreams.stream().map(IpAddresses::format).toList());
    m.put("resolv_conf", resolvConf.toString());
    m.put("upstream_timeout", Durations.format(upstreamTimeout));
    m.put("cache_size", cacheSize);
    m.put("min_ttl", Durations.format(minTtl));
    m.put("max_ttl", Durations.format(maxTtl));
    m.put("negative_max_ttl", Durations.format(negativeMaxTtl));
    m.put("serve_stale", serveStale);
    m.put("stale_max_age", Durations.format(staleMaxAge));
    m.put("rebinding_protection", rebindingProtection);
    m.put("rebinding_allowed_domains", rebindingAllowedDomains);
    m.put("hosts", hosts.stream().map(h -> Map.of("name", h.name(), "addresses",
        h.addresses().stream().map(InetAddress::getHostAddress).toList())).toList());
    m.put("hosts_files", hostsFiles.stream().map(Path::toString).toList());
    m.put("local_ttl", Durations.format(localTtl));
    m.put("persist_cache", persistCache);
    m.put("prefetch", prefetch);
    m.put("rate_limit_per_client", rateLimitPerClient);
    m.put("race_upstreams", raceUpstreams);
    m.put("tls_upstreams", tlsUpstreams.stream().map(t -> Map.of("address",
        IpAddresses.format(t.address()), "name", t.name())).toList());
    m.put("tls_ca_file", tlsCaFile == null ? "" : tlsCaFile.toString());
    return m;
  }

  static InetSocketAddress lanPort(LanConfig lan, int port) {
    return lan == null ? new InetSocketAddress(port) : new InetSocketAddress(lan.address(), port);
  }
}
