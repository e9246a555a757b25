package gateway.dns.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of the DNS forwarder. Every field is validated here so a bad config fails at
 * load time, not on the first query.
 *
 * @param listen addresses to serve on, UDP and TCP on the same port (port 0 picks a free one)
 * @param upstreams upstream resolvers in preference order; empty means "from {@code resolvConf}"
 * @param resolvConf file read for default upstreams when {@code upstreams} is empty
 * @param upstreamTimeout how long one attempt at one upstream may take before the next is tried
 * @param cacheMaxEntries bound on cached responses (Caffeine evicts beyond it)
 * @param minTtl answers are cached at least this long (clamp, RFC 8767 discusses the trade-off)
 * @param maxTtl answers are cached at most this long
 * @param negativeMaxTtl cap for NXDOMAIN/NODATA caching (RFC 2308 section 5 suggests 1-3 hours)
 * @param serveStale answer from expired entries when every upstream fails (RFC 8767)
 * @param staleMaxAge how long past expiry an entry may still be served stale
 * @param staleAnswerTtl TTL put on stale answers (RFC 8767 section 4 recommends 30 s)
 * @param rebindingProtection drop upstream A/AAAA records with private or LAN addresses
 * @param rebindingAllowedDomains public domains that may legitimately point into the LAN
 * @param localDomain the LAN's domain, answered authoritatively and never forwarded
 * @param localNetworks the LAN's prefixes (CIDR); their reverse zones are authoritative too
 * @param localTtl TTL of local answers
 * @param staticHosts fixed names (relative names are put under {@code localDomain}) to addresses
 * @param hostsFiles files in /etc/hosts format whose entries are served like static hosts
 * @param cacheFile where the cache is saved on clean shutdown and loaded at start; empty: never
 * @param prefetch refresh entries still asked for in the last tenth of their TTL
 * @param clientQueriesPerSecond per-client rate limit (bursts of twice that); 0 turns it off
 * @param raceUpstreams ask the two healthiest upstreams at once and take the first good answer
 * @param tlsUpstreams upstreams (also listed in {@code upstreams}) reached by DNS over TLS, with
 *     the name their certificate must be valid for (RFC 7858; port 853 is usual)
 * @param tlsCaFile PEM trust anchors for those certificates; empty: the JDK's trust store
 */
public record DnsConfig(
    List<InetSocketAddress> listen,
    List<InetSocketAddress> upstreams,
    Path resolvConf,
    Duration upstreamTimeout,
    long cacheMaxEntries,
    Duration minTtl,
    Duration maxTtl,
    Duration negativeMaxTtl,
    boolean serveStale,
    Duration staleMaxAge,
    Duration staleAnswerTtl,
    boolean rebindingProtection,
    List<String> rebindingAllowedDomains,
    String localDomain,
    List<String> localNetworks,
    Duration localTtl,
    Map<String, List<String>> staticHosts,
    List<Path> hostsFiles,
    java.util.Optional<Path> cacheFile,
    boolean prefetch,
    int clientQueriesPerSecond,
    boolean raceUpstreams,
    Map<InetSocketAddress, String> tlsUpstreams,
    java.util.Optional<Path> tlsCaFile) {

  public DnsConfig {
    listen = List.copyOf(Objects.requireNonNull(listen, "listen"));
    if (listen.isEmpty()) {
      throw new IllegalArgumentException("listen: at least one address is needed");
    }
    upstreams = List.copyOf(Objects.requireNonNull(upstreams, "upstreams"));
    Objects.requireNonNull(resolvConf, "resolvConf");
    positive(upstreamTimeout, "upstreamTimeout");
    if (cacheMaxEntries < 0) {
      throw new IllegalArgumentException("cacheMaxEntries must be >= 0, got " + cacheMaxEntries);
    }
    notNegative(minTtl, "minTtl");
    positive(maxTtl, "maxTtl");
    if (minTtl.compareTo(maxTtl) > 0) {
      throw new IllegalArgumentException("minTtl " + minTtl + " exceeds maxTtl " + maxTtl);
    }
    notNegative(negativeMaxTtl, "negativeMaxTtl");
    notNegative(staleMaxAge, "staleMaxAge");
    positive(staleAnswerTtl, "staleAnswerTtl");
    rebindingAllowedDomains =
        List.copyOf(Objects.requireNonNull(rebindingAllowedDomains, "rebindingAllowedDomains"));
    Objects.requireNonNull(localDomain, "localDomain");
    if (localDomain.isBlank() || localDomain.startsWith(".") || localDomain.contains("..")) {
      throw new IllegalArgumentException("localDomain is not a domain name: '" + localDomain + "'");
    }
    localNetworks = List.copyOf(Objects.requireNonNull(localNetworks, "localNetworks"));
    localNetworks.forEach(Cidr::parse); // fails early with the offending entry in the message
    notNegative(localTtl, "localTtl");
    staticHosts = Map.copyOf(Objects.requireNonNull(staticHosts, "staticHosts"));
    staticHosts.values().forEach(v -> List.copyOf(Objects.requireNonNull(v, "staticHosts value")));
    hostsFiles = List.copyOf(Objects.requireNonNull(hostsFiles, "hostsFiles"));
    Objects.requireNonNull(cacheFile, "cacheFile");
    tlsUpstreams = Map.copyOf(Objects.requireNonNull(tlsUpstreams, "tlsUpstreams"));
    for (Map.Entry<InetSocketAddress, String> e : tlsUpstreams.entrySet()) {
      if (!upstreams.contains(e.getKey())) {
        throw new IllegalArgumentException(
            "tlsUpstreams: " + e.getKey() + " is not one of the upstreams");
      }
      if (e.getValue().isBlank()) {
        throw new IllegalArgumentException("tlsUpstreams: " + e.getKey() + " needs a TLS name");
      }
    }
    Objects.requireNonNull(tlsCaFile, "tlsCaFile");
    if (clientQueriesPerSecond < 0) {
      throw new IllegalArgumentException(
          "clientQueriesPerSecond must be >= 0 (0 = off), got " + clientQueriesPerSecond);
    }
  }

  /** Loopback-only on port 5353 forwarding to the system's resolvers, caching 10,000 answers. */
  public static DnsConfig defaults() {
    return new DnsConfig(
        List.of(new InetSocketAddress("127.0.0.1", 5353)),
        List.of(),
        Path.of("/etc/resolv.conf"),
        Duration.ofSeconds(2),
        10_000,
        Duration.ZERO,
        Duration.ofDays(1),
        Duration.ofHours(1),
        true,
        Duration.ofDays(1),
        Duration.ofSeconds(30),
        true,
        List.of(),
        "lan",
        List.of(),
        Duration.ofSeconds(60),
        Map.of(),
        List.of(),
        java.util.Optional.empty(),
        true,
        0,
        false,
        Map.of(),
        java.util.Optional.empty());
  }

  /** Copy with other listen addresses. */
  public DnsConfig withListen(List<InetSocketAddress> newListen) {
    return new DnsConfig(newListen, upstreams, resolvConf, upstreamTimeout, cacheMaxEntries,
        minTtl, maxTtl, negativeMaxTtl, serveStale, staleMaxAge, staleAnswerTtl,
        rebindingProtection, rebindingAllowedDomains, localDomain, localNetworks, localTtl,
        staticHosts, hostsFiles, cacheFile, prefetch, clientQueriesPerSecond, raceUpstreams,
        tlsUpstreams, tlsCaFile);
  }

  /** Copy with other upstreams. */
  public DnsConfig withUpstreams(List<InetSocketAddress> newUpstreams) {
    return new DnsConfig(listen, newUpstreams, resolvConf, upstreamTimeout, cacheMaxEntries,
        minTtl, maxTtl, negativeMaxTtl, serveStale, staleMaxAge, staleAnswerTtl,
        rebindingProtection, rebindingAllowedDomains, localDomain, localNetworks, localTtl,
        staticHosts, hostsFiles, cacheFile, prefetch, clientQueriesPerSecond, raceUpstreams,
        tlsUpstreams, tlsCaFile);
  }

  /** Copy with another upstream timeout. */
  public DnsConfig withUpstreamTimeout(Duration timeout) {
    return new DnsConfig(listen, upstreams, resolvConf, timeout, cacheMaxEntries,
        minTtl, maxTtl, negativeMaxTtl, serveStale, staleMaxAge, staleAnswerTtl,
        rebindingProtection, rebindingAllowedDomains, localDomain, localNetworks, localTtl,
        staticHosts, hostsFiles, cacheFile, prefetch, clientQueriesPerSecond, raceUpstreams,
        tlsUpstreams, tlsCaFile);
  }

  /** Copy with another LAN definition (domain and prefixes). */
  public DnsConfig withLocal(String domain, List<String> networks) {
    return new DnsConfig(listen, upstreams, resolvConf, upstreamTimeout, cacheMaxEntries,
        minTtl, maxTtl, negativeMaxTtl, serveStale, staleMaxAge, staleAnswerTtl,
        rebindingProtection, rebindingAllowedDomains, domain, networks, localTtl,
        staticHosts, hostsFiles, cacheFile, prefetch, clientQueriesPerSecond, raceUpstreams,
        tlsUpstreams, tlsCaFile);
  }

  /** Copy with other static hosts and hosts files. */
  public DnsConfig withHosts(Map<String, List<String>> hosts, List<Path> files) {
    return new DnsConfig(listen, upstreams, resolvConf, upstreamTimeout, cacheMaxEntries,
        minTtl, maxTtl, negativeMaxTtl, serveStale, staleMaxAge, staleAnswerTtl,
        rebindingProtection, rebindingAllowedDomains, localDomain, localNetworks, localTtl,
        hosts, files, cacheFile, prefetch, clientQueriesPerSecond, raceUpstreams,
        tlsUpstreams, tlsCaFile);
  }

  /** Copy with other TTL clamps. */
  public DnsConfig withTtlClamps(Duration min, Duration max, Duration negativeMax) {
    return new DnsConfig(listen, upstreams, resolvConf, upstreamTimeout, cacheMaxEntries,
        min, max, negativeMax, serveStale, staleMaxAge, staleAnswerTtl,
        rebindingProtection, rebindingAllowedDomains, localDomain, localNetworks, localTtl,
        staticHosts, hostsFiles, cacheFile, prefetch, clientQueriesPerSecond, raceUpstreams,
        tlsUpstreams, tlsCaFile);
  }

  /** Copy with other serve-stale settings. */
  public DnsConfig withServeStale(boolean enabled, Duration maxAge) {
    return new DnsConfig(listen, upstreams, resolvConf, upstreamTimeout, cacheMaxEntries,
        minTtl, maxTtl, negativeMaxTtl, enabled, maxAge, staleAnswerTtl,
        rebindingProtection, rebindingAllowedDomains, localDomain, localNetworks, localTtl,
        staticHosts, hostsFiles, cacheFile, prefetch, clientQueriesPerSecond, raceUpstreams,
        tlsUpstreams, tlsCaFile);
  }

  /** Copy with other rebinding protection settings. */
  public DnsConfig withRebinding(boolean enabled, List<String> allowedDomains) {
    return new DnsConfig(listen, upstreams, resolvConf, upstreamTimeout, cacheMaxEntries,
        minTtl, maxTtl, negativeMaxTtl, serveStale, staleMaxAge, staleAnswerTtl,
        enabled, allowedDomains, localDomain, localNetworks, localTtl, staticHosts, hostsFiles,
        cacheFile, prefetch, clientQueriesPerSecond, raceUpstreams, tlsUpstreams, tlsCaFile);
  }

  /** Copy with another cache bound. */
  public DnsConfig withCacheMaxEntries(long max) {
    return new DnsConfig(listen, upstreams, resolvConf, upstreamTimeout, max,
        minTtl, maxTtl, negativeMaxTtl, serveStale, staleMaxAge, staleAnswerTtl,
        rebindingProtection, rebindingAllowedDomains, localDomain, localNetworks, localTtl,
        staticHosts, hostsFiles, cacheFile, prefetch, clientQueriesPerSecond, raceUpstreams,
        tlsUpstreams, tlsCaFile);
  }

  /** Copy with a cache snapshot file (or none). */
  public DnsConfig withCacheFile(java.util.Optional<Path> file) {
    return new DnsConfig(listen, upstreams, resolvConf, upstreamTimeout, cacheMaxEntries,
        minTtl, maxTtl, negativeMaxTtl, serveStale, staleMaxAge, staleAnswerTtl,
        rebindingProtection, rebindingAllowedDomains, localDomain, localNetworks, localTtl,
        staticHosts, hostsFiles, file, prefetch, clientQueriesPerSecond, raceUpstreams,
        tlsUpstreams, tlsCaFile);
  }

  /** Copy with prefetch on or off and another per-client rate limit (0 = off). */
  public DnsConfig withPrefetchAndRateLimit(boolean on, int perClientPerSecond) {
    return new DnsConfig(listen, upstreams, resolvConf, upstreamTimeout, cacheMaxEntries,
        minTtl, maxTtl, negativeMaxTtl, serveStale, staleMaxAge, staleAnswerTtl,
        rebindingProtection, rebindingAllowedDomains, localDomain, localNetworks, localTtl,
        staticHosts, hostsFiles, cacheFile, on, perClientPerSecond, raceUpstreams, tlsUpstreams,
        tlsCaFile);
  }

  /** Copy with upstream racing on or off. */
  public DnsConfig withRaceUpstreams(boolean on) {
    return new DnsConfig(listen, upstreams, resolvConf, upstreamTimeout, cacheMaxEntries,
        minTtl, maxTtl, negativeMaxTtl, serveStale, staleMaxAge, staleAnswerTtl,
        rebindingProtection, rebindingAllowedDomains, localDomain, localNetworks, localTtl,
        staticHosts, hostsFiles, cacheFile, prefetch, clientQueriesPerSecond, on,
        tlsUpstreams, tlsCaFile);
  }

  /** Copy with DNS-over-TLS upstreams (each also in {@code upstreams}) and trust anchors. */
  public DnsConfig withTls(Map<InetSocketAddress, String> names, java.util.Optional<Path> caFile) {
    return new DnsConfig(listen, upstreams, resolvConf, upstreamTimeout, cacheMaxEntries,
        minTtl, maxTtl, negativeMaxTtl, serveStale, staleMaxAge, staleAnswerTtl,
        rebindingProtection, rebindingAllowedDomains, localDomain, localNetworks, localTtl,
        staticHosts, hostsFiles, cacheFile, prefetch, clientQueriesPerSecond, raceUpstreams,
        names, caFile);
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  private static void notNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
  }
}
