package gateway.it.app;

import gateway.it.topology.Addresses;
import java.nio.file.Path;

/**
 * The gateway's YAML config for a test: the LAN and admin sections matching the standard
 * topology, the data directory, and any extra sections a scenario appends.
 *
 * @param lanInterface the LAN interface, {@code lan0}
 * @param lanAddress the gateway's LAN address
 * @param lanSubnet the LAN subnet
 * @param domain the LAN's domain
 * @param adminListen the admin endpoint's {@code ip:port}
 * @param dataDir the gateway's data directory
 * @param extraYaml further top-level sections (e.g. {@code dns: ...}), or empty
 */
public record GatewayConfig(String lanInterface, String lanAddress, String lanSubnet, String domain,
                            String adminListen, Path dataDir, String extraYaml) {

    /** The admin port of {@link #standard(Path)}. */
    public static final int ADMIN_PORT = 9180;

    public GatewayConfig {
        extraYaml = extraYaml == null ? "" : extraYaml;
    }

    /** The standard config: lan0 192.0.2.1 in 192.0.2.0/24, domain home.arpa, admin on 192.0.2.1:9180. */
    public static GatewayConfig standard(Path dataDir) {
        return new GatewayConfig(Addresses.LAN_IF, Addresses.GATEWAY_LAN, Addresses.LAN_SUBNET, "home.arpa",
                Addresses.GATEWAY_LAN + ":" + ADMIN_PORT, dataDir, "");
    }

    /** This config with {@code yaml} (top-level sections) appended. */
    public GatewayConfig withExtra(String yaml) {
        return new GatewayConfig(lanInterface, lanAddress, lanSubnet, domain, adminListen, dataDir,
                extraYaml + (yaml.endsWith("\n") ? yaml : yaml + "\n"));
    }

    /** The YAML text. */
    public String toYaml() {
        return "lan:\n"
                + "  interface: " + lanInterface + "\n"
                + "  address: " + lanAddress + "\n"
                + "  subnet: " + lanSubnet + "\n"
                + "  domain: " + domain + "\n"
                + "admin:\n"
                + "  listen: " + adminListen + "\n"
                + "data_dir: " + dataDir.toAbsolutePath() + "\n"
                + extraYaml;
    }
}
