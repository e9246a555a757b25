package gateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DhcpSectionTest {
  private static final String LAN = """
      lan:
        interface: lan0
        address: 192.0.2.1
        subnet: 192.0.2.0/24
      """;

  private static DhcpSection dhcp(String body) {
    return ConfigLoader.parse(LAN + "dhcp:\n" + body, "test.yaml").dhcp();
  }

  private static List<String> errorsOf(String body) {
    try {
      ConfigLoader.parse(LAN + "dhcp:\n" + body, "test.yaml");
    } catch (ConfigException e) {
      return e.errors();
    }
    throw new AssertionError("expected the dhcp section to be refused:\n" + body);
  }

  @Test
  void offByDefaultWithSafeDefaults() {
    DhcpSection d = ConfigLoader.parse(LAN, "t").dhcp();
    assertThat(d.enabled()).isFalse();
    assertThat(d.interfaceName()).isEqualTo("lan0");
    assertThat(d.leaseFile()).isEqualTo(Path.of("dhcp-leases.journal"));
    assertThat(d.startDespiteOtherServer()).isFalse();
    assertThat(d.conflictProbeTimeout()).isEqualTo(Duration.ofMillis(300));
    assertThat(GatewayConfig.loopback(Path.of("/tmp/x")).dhcp().enabled()).isFalse();
  }

  @Test
  void everyKeyIsRead() {
    DhcpSection d = dhcp("""
          enabled: true
          pool: {start: 192.0.2.100, end: 192.0.2.120}
          exclude: [192.0.2.110]
          lease_time: 2h
          routes: ["203.0.113.0/24 via 192.0.2.254"]
          ntp_servers: [192.0.2.1]
          reserved_only: true
          reservations:
            - {mac: "02-00-00-00-00-10", address: 192.0.2.10, host_name: nas}
            - {client_id: "01:02:00:00:00:00:11", address: 192.0.2.11}
          lease_file: /var/lib/x/leases
          conflict_probe_timeout: 0s
          other_server_probe: 5s
          start_despite_other_server: true
          decline_hold: 10m
          rate_limit: {per_client_per_minute: 30, all_per_second: 50}
        """);
    assertThat(d.exclude()).extracting(a -> a.getHostAddress()).containsExactly("192.0.2.110");
    assertThat(d.leaseTime()).isEqualTo(Duration.ofHours(2));
    assertThat(d.routes()).containsExactly("203.0.113.0/24 via 192.0.2.254");
    assertThat(d.reservedOnly()).isTrue();
    assertThat(d.reservations()).hasSize(2);
    assertThat(d.reservations().get(0).mac()).contains("02:00:00:00:00:10");
    assertThat(d.reservations().get(0).hostName()).contains("nas");
    assertThat(d.reservations().get(1).clientId()).contains("01020000000011");
    assertThat(d.leaseFile()).isEqualTo(Path.of("/var/lib/x/leases"));
    assertThat(d.conflictProbeTimeout()).isZero();
    assertThat(d.otherServerProbe()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.startDespiteOtherServer()).isTrue();
    assertThat(d.declineHold()).isEqualTo(Duration.ofMinutes(10));
    assertThat(d.perClientPerMinute()).isEqualTo(30);
    assertThat(d.allClientsPerSecond()).isEqualTo(50);
  }

  @Test
  void describedConfigReadsBackTheSame() {
    GatewayConfig first = ConfigLoader.parse(LAN + """
        dhcp:
          enabled: true
          pool: {start: 192.0.2.100, end: 192.0.2.120}
          reservations: [{mac: "02:00:00:00:00:10", address: 192.0.2.10, host_name: nas}]
          routes: ["203.0.113.0/24 via 192.0.2.254"]
        """, "t");
    GatewayConfig again = ConfigLoader.parse(ConfigLoader.toYaml(first), "t");
    assertThat(again.dhcp()).isEqualTo(first.dhcp());
  }

  @Test
  void enabledNeedsAPool() {
    assertThat(errorsOf("  enabled: true\n")).anyMatch(e -> e.contains("dhcp.pool") && e.contains("required"));
  }

  @Test
  void poolMustBeInsideTheLanAndNotTheGateway() {
    assertThat(errorsOf("  pool: {start: 198.51.100.5, end: 192.0.2.9}\n"))
        .anyMatch(e -> e.contains("dhcp.pool.start") && e.contains("outside lan.subnet"));
    assertThat(errorsOf("  pool: {start: 192.0.2.1, end: 192.0.2.9}\n"))
        .anyMatch(e -> e.contains("gateway's own address"));
    assertThat(errorsOf("  pool: {start: 192.0.2.9, end: 192.0.2.5}\n"))
        .anyMatch(e -> e.contains("dhcp.pool.end") && e.contains("before"));
  }

  @Test
  void badValuesAreReportedAtTheirKeys() {
    List<String> errors = errorsOf("""
          pool: {start: 192.0.2.100, end: 192.0.2.120}
          exclude: ["2001:db8::1"]
          lease_time: 30s
          routes: ["203.0.113.0/24 192.0.2.254", "203.0.113.1/24 via 192.0.2.254"]
          conflict_probe_timeout: 10s
          other_server_probe: 1m
          reservations:
            - {mac: "02:00:00:00:00", address: 192.0.2.10}
            - {mac: "02:00:00:00:00:11", client_id: "0102", address: 192.0.2.11}
            - {mac: "02:00:00:00:00:12", address: 198.51.100.12}
            - {mac: "02:00:00:00:00:13", address: 192.0.2.13, host_name: "not a label"}
            - {mac: "02:00:00:00:00:14"}
          rate_limit: {per_client_per_minute: 0}
        """);
    assertThat(errors).anyMatch(e -> e.contains("dhcp.exclude[0]") && e.contains("IPv4"));
    assertThat(errors).anyMatch(e -> e.contains("dhcp.lease_time"));
    assertThat(errors).anyMatch(e -> e.contains("dhcp.routes[0]"));
    assertThat(errors).anyMatch(e -> e.contains("dhcp.routes[1]") && e.contains("host bits"));
    assertThat(errors).anyMatch(e -> e.contains("dhcp.conflict_probe_timeout"));
    assertThat(errors).anyMatch(e -> e.contains("dhcp.other_server_probe"));
    assertThat(errors).anyMatch(e -> e.contains("dhcp.reservations[0].mac") && e.contains("not a MAC"));
    assertThat(errors).anyMatch(e -> e.contains("dhcp.reservations[1].mac") && e.contains("either"));
    assertThat(errors).anyMatch(e -> e.contains("dhcp.reservations[2].address") && e.contains("outside"));
    assertThat(errors).anyMatch(e -> e.contains("dhcp.reservations[3]") && e.contains("host name"));
    assertThat(errors).anyMatch(e -> e.contains("dhcp.reservations[4].address") && e.contains("required"));
    assertThat(errors).anyMatch(e -> e.contains("dhcp.rate_limit.per_client_per_minute"));
  }

  @Test
  void reservedOnlyWithoutReservationsIsRefused() {
    assertThat(errorsOf("  pool: {start: 192.0.2.100, end: 192.0.2.120}\n  reserved_only: true\n"))
        .anyMatch(e -> e.contains("dhcp.reserved_only"));
  }

  @Test
  void duplicateReservationsAreRefused() {
    assertThat(errorsOf("""
          reservations:
            - {mac: "02:00:00:00:00:10", address: 192.0.2.10}
            - {mac: "02:00:00:00:00:10", address: 192.0.2.11}
            - {mac: "02:00:00:00:00:12", address: 192.0.2.10}
        """)).anyMatch(e -> e.contains("reserved twice")).hasSizeGreaterThanOrEqualTo(2);
  }
}
