package gateway.app.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The whole, validated configuration of one gateway. Built only by {@link ConfigLoader}, which
 * reports every error at once, or by {@link #loopback(Path)} for the safe no-config mode.
 *
 * @param source where it came from (a file path, or "built-in loopback defaults")
 * @param loopbackOnly true in the no-config mode: every listener on 127.0.0.1, DHCP off
 */
public record GatewayConfig(
    String source,
    boolean loopbackOnly,
    LanConfig lan,
    AdminConfig admin,
    Path dataDir,
    DnsSection dns,
    DhcpSection dhcp,
    ProxySection proxy,
    SmtpSection smtp,
    NetSection net) {
  public GatewayConfig {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(lan, "lan");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(dns, "dns");
    Objects.requireNonNull(dhcp, "dhcp");
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(smtp, "smtp");
    Objects.requireNonNull(net, "net");
  }

  /** Where state lives when the config does not say: the Debian-style path the systemd unit uses. */
  public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/gateway");

  /**
   * The no-config mode: safe on any Linux box without root. Everything listens on loopback at
   * unprivileged ports, only this machine is served, DHCP is off, state goes to {@code dataDir}.
   */
  public static GatewayConfig loopback(Path dataDir) {
    return new GatewayConfig("built-in loopback-only defaults", true, LanConfig.loopback(),
        AdminConfig.defaults(), dataDir, DnsSection.loopback(), DhcpSection.off(),
        ProxySection.loopback(), SmtpSection.loopback(), NetSection.defaults());
  }

  /** The effective config, defaults filled in, in the same shape and key names as the YAML file. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lan", lan.describe());
    m.put("admin", admin.describe());
    m.put("data_dir", dataDir.toString());
    m.put("dns", dns.describe());
    m.put("dhcp", dhcp.describe());
    m.put("proxy", proxy.describe());
    m.put("smtp", smtp.describe());
    m.put("net", net.describe());
    return m;
  }
}
