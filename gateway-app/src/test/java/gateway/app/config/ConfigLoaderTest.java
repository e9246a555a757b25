package gateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
  private static final String LAN = """
      lan:
        interface: lan0
        address: 192.0.2.1
        subnet: 192.0.2.0/24
      """;

  private static List<String> errorsOf(String yaml) {
    try {
      ConfigLoader.parse(yaml, "test.yaml");
    } catch (ConfigException e) {
      return e.errors();
    }
    throw new AssertionError("expected the config to be refused:\n" + yaml);
  }

  @Test
  void minimalConfigFillsDefaultsFromTheLan() {
    GatewayConfig c = ConfigLoader.parse(LAN, "test.yaml");
    assertThat(c.loopbackOnly()).isFalse();
    assertThat(c.lan().domain()).isEqualTo("home.arpa");
    assertThat(c.dns().listen().toString()).isEqualTo("/192.0.2.1:53");
    assertThat(c.proxy().listen().getPort()).isEqualTo(3128);
    assertThat(c.smtp().listen().getAddress()).isEqualTo(c.lan().address());
    assertThat(c.smtp().listen().getPort()).isEqualTo(25);
    assertThat(c.dhcp().enabled()).isFalse();
    assertThat(c.admin().listen().toString()).isEqualTo("/127.0.0.1:9180");
    assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/gateway"));
  }

  @Test
  void theLanDefinesWhoIsServed() {
    GatewayConfig c = ConfigLoader.parse(LAN + "  also_allow: [198.51.100.0/28, '2001:db8:1::/64']\n", "t");
    LanAccess access = c.lan().access();
    assertThat(access.test(IpAddresses.parse("192.0.2.77"))).isTrue();
    assertThat(access.test(IpAddresses.parse("::ffff:192.0.2.77"))).isTrue();
    assertThat(access.test(IpAddresses.parse("198.51.100.15"))).isTrue();
    assertThat(access.test(IpAddresses.parse("198.51.100.16"))).isFalse();
    assertThat(access.test(IpAddresses.parse("2001:db8:1::5"))).isTrue();
    assertThat(access.test(IpAddresses.parse("203.0.113.5"))).isFalse();
  }

  @Test
  void missingLanIsReportedWithWhatItIsFor() {
    assertThat(errorsOf("dns:\n  enabled: true\n"))
        .anyMatch(e -> e.startsWith("lan: is required"))
        .anyMatch(e -> e.startsWith("lan.interface: is required"))
        .anyMatch(e -> e.startsWith("lan.address: is required"))
        .anyMatch(e -> e.startsWith("lan.subnet: is required"));
  }

  @Test
  void dhcpPoolOutsideTheLanNamesKeyAndReason() {
    List<String> errors = errorsOf(LAN + """
        dhcp:
          enabled: true
          pool:
            start: 192.0.3.10
            end: 192.0.2.20
        """);
    assertThat(errors).contains("dhcp.pool.start: 192.0.3.10 is outside lan.subnet 192.0.2.0/24");
  }

  @Test
  void everyErrorIsReportedAtOnce() {
    List<String> errors = errorsOf("""
        lan:
          interface: lan0
          address: 192.0.3.1
          subnet: 192.0.2.0/24
          colour: blue
        admin:
          listen: 127.0.0.1:99999
        dns:
          enabled: maybe
        dhcp:
          enabled: true
        smtp:
          listen: nowhere
        data_dir: relative/dir
        extra: 1
        """);
    assertThat(errors).containsExactlyInAnyOrder(
        "lan.address: 192.0.3.1 is outside lan.subnet 192.0.2.0/24",
        "lan.colour: unknown key (known keys: interface, address, subnet, also_allow, domain)",
        "admin.listen: '127.0.0.1:99999' has no valid port (0..65535)",
        "dns.enabled: must be true or false, not 'maybe'",
        "dhcp.pool: is required when dhcp is enabled (the range of addresses to hand out)",
        "smtp.listen: 'nowhere' has no valid port (0..65535)",
        "data_dir: 'relative/dir' must be an absolute path",
        "extra: unknown key (known keys: lan, admin, data_dir, dns, dhcp, proxy, smtp, net)");
  }

  @Test
  void aNearMissKeySuggestsTheRightOne() {
    assertThat(errorsOf(LAN + "data-dir: /srv/gw\n"))
        .containsExactly("data-dir: unknown key (did you mean 'data_dir'?)");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "lan.address: 192.0.2.256     | lan.address: '192.0.2.256' is not an IP address",
      "lan.address: gateway.lan     | lan.address: 'gateway.lan' is not an IP address",
      "lan.subnet: 192.0.2.1/24     | lan.subnet: 192.0.2.1/24 has host bits set (the network is 192.0.2.0/24)",
      "lan.subnet: 192.0.2.0        | lan.subnet: '192.0.2.0' is not a network (write e.g. 192.0.2.0/24)",
      "lan.subnet: 192.0.2.0/33     | lan.subnet: prefix length 33 is out of range 0..32",
      "lan.interface: a-name-longer-than-15 | lan.interface: 'a-name-longer-than-15' is not a network interface name (1 to 15 characters)",
      "lan.domain: bad_domain!      | lan.domain: 'bad_domain!' is not a DNS domain name",
      "dns.listen: '2001:db8::1:53' | dns.listen: '2001:db8::1:53' is ambiguous: write an IPv6 address as [2001:db8::1]:53",
      "dhcp.pool.end: 192.0.2.1     | dhcp.pool.end: 192.0.2.1 is the gateway's own address (lan.address)",
      "dhcp.pool.end: 192.0.2.5     | dhcp.pool.end: 192.0.2.5 is before pool.start 192.0.2.10",
  })
  void eachRuleNamesItsKey(String override, String expected) {
    assertThat(errorsOf(withOverride(override))).contains(expected);
  }

  /** A complete valid config with one {@code section.key: value} replaced. */
  private static String withOverride(String override) {
    String key = override.substring(0, override.indexOf(':')).trim();
    String value = override.substring(override.indexOf(':') + 1).trim();
    java.util.Map<String, String> v = new java.util.LinkedHashMap<>();
    v.put("lan.interface", "lan0");
    v.put("lan.address", "192.0.2.1");
    v.put("lan.subnet", "192.0.2.0/24");
    v.put("lan.domain", "home.arpa");
    v.put("dns.listen", "192.0.2.1:53");
    v.put("dhcp.pool.start", "192.0.2.10");
    v.put("dhcp.pool.end", "192.0.2.20");
    v.put(key, value);
    return "lan:\n"
        + "  interface: " + v.get("lan.interface") + "\n"
        + "  address: " + v.get("lan.address") + "\n"
        + "  subnet: " + v.get("lan.subnet") + "\n"
        + "  domain: " + v.get("lan.domain") + "\n"
        + "dns:\n  listen: " + v.get("dns.listen") + "\n"
        + "dhcp:\n  enabled: true\n  pool:\n"
        + "    start: " + v.get("dhcp.pool.start") + "\n"
        + "    end: " + v.get("dhcp.pool.end") + "\n";
  }

  @Test
  void brokenYamlSaysWhere() {
    assertThat(errorsOf("lan:\n  interface: [lan0\n")).singleElement().asString()
        .startsWith("not valid YAML at line");
  }

  @Test
  void aListWhereAMappingBelongsIsAnError() {
    assertThat(errorsOf("- lan\n")).contains(
        "(top level): the config must be a mapping of sections (lan, admin, dns, ...)");
    assertThat(errorsOf(LAN + "dns: [a, b]\n")).contains("dns: must be a mapping, not a list");
  }

  @Test
  void missingAndOversizedFilesAreConfigErrors(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("none.yaml")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("file not found");
    Path big = dir.resolve("big.yaml");
    Files.write(big, new byte[(int) ConfigLoader.MAX_CONFIG_BYTES + 1]);
    assertThatThrownBy(() -> ConfigLoader.load(big))
        .isInstanceOf(ConfigException.class).hasMessageContaining("larger than 1 MiB");
  }

  @Test
  void theEffectiveConfigReadsBackToTheSameConfig() {
    GatewayConfig first = ConfigLoader.parse(LAN + "dhcp:\n  enabled: true\n  pool: {start: 192.0.2.100, end: 192.0.2.150}\n", "t");
    GatewayConfig again = ConfigLoader.parse(ConfigLoader.toYaml(first), "t");
    assertThat(again.describe()).isEqualTo(first.describe());
  }

  @Test
  void loopbackModeServesOnlyThisMachine() {
    GatewayConfig c = GatewayConfig.loopback(Path.of("/tmp/gw"));
    assertThat(c.loopbackOnly()).isTrue();
    assertThat(c.dhcp().enabled()).isFalse();
    assertThat(c.dns().listen().toString()).isEqualTo("/127.0.0.1:5353");
    assertThat(c.proxy().listen().toString()).isEqualTo("/127.0.0.1:3128");
    assertThat(c.smtp().listen().toString()).isEqualTo("/127.0.0.1:2525");
    assertThat(c.lan().access().test(IpAddresses.parse("192.0.2.5"))).isFalse();
    assertThat(c.lan().access().test(IpAddresses.parse("127.0.0.1"))).isTrue();
    assertThat(c.lan().access().test(IpAddresses.parse("::1"))).isTrue();
  }
}
