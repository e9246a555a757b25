package gateway.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.app.config.ConfigLoader;
import gateway.app.config.GatewayConfig;
import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.config.DhcpConfig;
import gateway.dhcp.config.SubnetConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The gateway config becomes the module's: the gateway is router and DNS, the LAN domain is served. */
class DhcpServiceTest {
  private static final String LAN = """
      lan: {interface: lan0, address: 192.0.2.1, subnet: 192.0.2.0/24, domain: home.arpa}
      data_dir: /var/lib/gw
      """;

  @Test
  void offUnlessEnabledWithAPool() {
    GatewayConfig off = ConfigLoader.parse(LAN, "t");
    assertThat(DhcpModule.enabled(off)).isFalse();
    assertThat(DhcpService.toDhcpConfig(off).subnets()).isEmpty();
    assertThat(DhcpModule.enabled(GatewayConfig.loopback(Path.of("/tmp/x")))).isFalse();
  }

  @Test
  void enabledConfigServesTheLanWithTheGatewayAsRouterAndDns() {
    GatewayConfig c = ConfigLoader.parse(LAN + """
        dhcp:
          enabled: true
          pool: {start: 192.0.2.100, end: 192.0.2.120}
          exclude: [192.0.2.105]
          routes: ["203.0.113.0/24 via 192.0.2.254"]
          reservations: [{mac: "02:00:00:00:00:10", address: 192.0.2.10, host_name: nas}]
        """, "t");
    assertThat(DhcpModule.enabled(c)).isTrue();
    DhcpConfig d = DhcpService.toDhcpConfig(c);
    SubnetConfig s = d.subnets().get(0);
    assertThat(s.interfaceName()).isEqualTo("lan0");
    assertThat(s.routers()).containsExactly(Ipv4.parse("192.0.2.1"));
    assertThat(s.dnsServers()).containsExactly(Ipv4.parse("192.0.2.1"));
    assertThat(s.domainName()).contains("home.arpa");
    assertThat(s.prefixLength()).isEqualTo(24);
    assertThat(s.inPool(Ipv4.parse("192.0.2.105"))).isFalse();
    assertThat(s.staticRoutes()).hasSize(1);
    assertThat(d.reservations().get(0).hostName()).contains("nas");
    assertThat(d.leaseFile()).contains(Path.of("/var/lib/gw/dhcp-leases.journal"));
  }
}
