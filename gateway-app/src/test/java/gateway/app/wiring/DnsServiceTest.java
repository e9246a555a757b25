package gateway.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.app.config.ConfigLoader;
import gateway.app.config.GatewayConfig;
import gateway.app.lifecycle.ServiceState;
import gateway.dns.config.DnsConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DnsServiceTest {
  private static final String YAML = """
      lan: {interface: lan0, address: 192.0.2.1, subnet: 192.0.2.0/24, domain: home.arpa}
      dns:
        upstreams: [203.0.113.53]
        tls_upstreams: [{address: "203.0.113.60:853", name: dns.example}]
        hosts:
          - name: nas
            addresses: [192.0.2.10]
      """;

  @Test
  void theLanDefinesTheLocalZoneOfTheDnsConfig() {
    DnsConfig c = DnsService.toDnsConfig(ConfigLoader.parse(YAML, "t"));
    assertThat(c.localDomain()).isEqualTo("home.arpa");
    assertThat(c.localNetworks()).containsExactly("192.0.2.0/24");
    assertThat(c.listen().get(0).getPort()).isEqualTo(53);
    assertThat(c.staticHosts()).containsEntry("nas", java.util.List.of("192.0.2.10"));
    assertThat(c.upstreams()).extracting(a -> a.getPort()).containsExactly(853, 53);
    assertThat(c.tlsUpstreams()).containsValue("dns.example");
    assertThat(c.cacheFile()).contains(java.nio.file.Path.of("/var/lib/gateway/dns-cache.snapshot"));
  }

  @Test
  void startsReportsItsListenersAndSavesTheCacheOnStop(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path data) throws Exception {
    GatewayConfig loop = GatewayConfig.loopback(java.nio.file.Path.of("/tmp/unused"));
    GatewayConfig config = ConfigLoader.parse("""
        lan: {interface: lo, address: 127.0.0.1, subnet: 127.0.0.0/8}
        data_dir: %s
        dns: {listen: "127.0.0.1:0", upstreams: ["127.0.0.1:9"]}
        """.formatted(data), "t");
    assertThat(loop.dns().listen().getPort()).isEqualTo(5353);
    try (EventLoops loops = new EventLoops()) {
      DnsService s = DnsModule.dnsService(config, loops);
      s.start();
      try {
        assertThat(s.state()).isEqualTo(ServiceState.UP);
        assertThat(s.listeners()).extracting(l -> l.proto()).containsExactly("udp", "tcp");
        assertThat(s.listeners().get(0).address().getPort()).isPositive();
      } finally {
        s.stop(Duration.ofSeconds(1));
      }
      assertThat(s.state()).isEqualTo(ServiceState.STOPPED);
      assertThat(data.resolve(DnsService.CACHE_FILE)).exists();
    }
  }
}
