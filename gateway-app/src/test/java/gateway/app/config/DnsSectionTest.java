package gateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsSectionTest {
  private static final String LAN = """
      lan:
        interface: lan0
        address: 192.0.2.1
        subnet: 192.0.2.0/24
      """;

  private static DnsSection dns(String body) {
    return ConfigLoader.parse(LAN + "dns:\n" + body, "test.yaml").dns();
  }

  private static List<String> errorsOf(String body) {
    try {
      ConfigLoader.parse(LAN + "dns:\n" + body, "test.yaml");
    } catch (ConfigException e) {
      return e.errors();
    }
    throw new AssertionError("expected the dns section to be refused:\n" + body);
  }

  @Test
  void defaultsListenOnTheLanAndUseResolvConf() {
    DnsSection d = dns("  enabled: true\n");
    assertThat(d.listen()).isEqualTo(new InetSocketAddress(IpAddresses.parse("192.0.2.1"), 53));
    assertThat(d.upstreams()).isEmpty();
    assertThat(d.resolvConf()).isEqualTo(Path.of("/etc/resolv.conf"));
    assertThat(d.serveStale()).isTrue();
    assertThat(d.rebindingProtection()).isTrue();
    assertThat(d.cacheSize()).isEqualTo(10_000);
  }

  @Test
  void loopbackModeListensOn5353() {
    assertThat(GatewayConfig.loopback(Path.of("/tmp/x")).dns().listen())
        .isEqualTo(new InetSocketAddress(IpAddresses.parse("127.0.0.1"), 5353));
  }

  @Test
  void everyKeyIsRead() {
    DnsSection d = dns("""
          upstreams: [203.0.113.53, "203.0.113.54:5353", "2001:db8::53", "[2001:db8::54]:53"]
          upstream_timeout: 750ms
          cache_size: 500
          min_ttl: 5s
          max_ttl: 2h
          negative_max_ttl: 10m
          serve_stale: false
          stale_max_age: 2d
          rebinding_protection: false
          rebinding_allowed_domains: [corp.example]
          hosts:
            - name: nas
              addresses: [192.0.2.10, "2001:db8::10"]
          hosts_files: [/etc/gateway/hosts]
          local_ttl: 30s
          persist_cache: false
          prefetch: false
          rate_limit_per_client: 50
          race_upstreams: true
          tls_upstreams:
            - address: 203.0.113.60
              name: dns.example
          tls_ca_file: /etc/gateway/ca.pem
        """);
    assertThat(d.upstreams()).containsExactly(
        new InetSocketAddress(IpAddresses.parse("203.0.113.53"), 53),
        new InetSocketAddress(IpAddresses.parse("203.0.113.54"), 5353),
        new InetSocketAddress(IpAddresses.parse("2001:db8::53"), 53),
        new InetSocketAddress(IpAddresses.parse("2001:db8::54"), 53));
    assertThat(d.upstreamTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(d.minTtl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.maxTtl()).isEqualTo(Duration.ofHours(2));
    assertThat(d.negativeMaxTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(d.serveStale()).isFalse();
    assertThat(d.staleMaxAge()).isEqualTo(Duration.ofDays(2));
    assertThat(d.rebindingProtection()).isFalse();
    assertThat(d.rebindingAllowedDomains()).containsExactly("corp.example");
    assertThat(d.hosts()).singleElement().satisfies(h -> {
      assertThat(h.name()).isEqualTo("nas");
      assertThat(h.addresses()).hasSize(2);
    });
    assertThat(d.hostsFiles()).containsExactly(Path.of("/etc/gateway/hosts"));
    assertThat(d.localTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.cacheSize()).isEqualTo(500);
    assertThat(d.persistCache()).isFalse();
    assertThat(d.prefetch()).isFalse();
    assertThat(d.rateLimitPerClient()).isEqualTo(50);
    assertThat(d.raceUpstreams()).isTrue();
    assertThat(d.tlsUpstreams()).containsExactly(new DnsSection.TlsUpstream(
        new InetSocketAddress(IpAddresses.parse("203.0.113.60"), 853), "dns.example"));
    assertThat(d.tlsCaFile()).isEqualTo(Path.of("/etc/gateway/ca.pem"));
  }

  @Test
  void badValuesAreAllReported() {
    assertThat(errorsOf("""
          upstreams: [dns.example.com]
          upstream_timeout: 0s
          cache_size: -1
          rate_limit_per_client: -5
          min_ttl: 2d
          max_ttl: 1d
          rebinding_allowed_domains: ["not a domain"]
          hosts:
            - addresses: [192.0.2.10]
            - name: "bad name!"
              addresses: [nas.example]
          tls_upstreams:
            - address: 203.0.113.60
          surprise: 1
        """)).anySatisfy(e -> assertThat(e).startsWith("dns.upstreams[0]"))
        .anySatisfy(e -> assertThat(e).startsWith("dns.upstream_timeout").contains("longer than zero"))
        .anySatisfy(e -> assertThat(e).startsWith("dns.cache_size"))
        .anySatisfy(e -> assertThat(e).startsWith("dns.rate_limit_per_client"))
        .anySatisfy(e -> assertThat(e).startsWith("dns.min_ttl").contains("above max_ttl"))
        .anySatisfy(e -> assertThat(e).startsWith("dns.rebinding_allowed_domains[0]"))
        .anySatisfy(e -> assertThat(e).startsWith("dns.hosts[0].name").contains("required"))
        .anySatisfy(e -> assertThat(e).startsWith("dns.hosts[1].name"))
        .anySatisfy(e -> assertThat(e).startsWith("dns.hosts[1].addresses[0]"))
        .anySatisfy(e -> assertThat(e).startsWith("dns.tls_upstreams[0].name").contains("required"))
        .anySatisfy(e -> assertThat(e).startsWith("dns.surprise").contains("unknown key"));
  }

  @Test
  void describeUsesTheYamlKeys() {
    assertThat(dns("  upstreams: [203.0.113.53]\n").describe()).containsKeys("listen",
        "upstreams", "resolv_conf", "upstream_timeout", "cache_size", "min_ttl", "max_ttl",
        "negative_max_ttl", "serve_stale", "stale_max_age", "rebinding_protection",
        "rebinding_allowed_domains", "hosts", "hosts_files", "local_ttl", "persist_cache", "prefetch", "rate_limit_per_client", "race_upstreams", "tls_upstreams", "tls_ca_file")
        .containsEntry("upstreams", List.of("203.0.113.53:53"));
  }
}
