package gateway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Cli.create();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "run", "config", "config check", "version"})
  void everyCommandHasHelp(String command) {
    String[] args = (command + " --help").trim().split(" ");
    assertThat(run(args)).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).startsWith("Usage: gateway");
  }

  @Test
  void unknownCommandIsAUsageError() {
    assertThat(run("frobnicate")).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(err.toString()).contains("Unmatched argument");
  }

  @Test
  void noCommandIsAUsageError() {
    assertThat(run()).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(err.toString()).contains("a command is required");
  }

  @Test
  void versionPrintsTheVersion() {
    assertThat(run("version")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).startsWith("gateway ");
  }

  @Test
  void configCheckPrintsTheEffectiveConfig(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gw.yaml");
    Files.writeString(file, "lan: {interface: lan0, address: 192.0.2.1, subnet: 192.0.2.0/24}\n");
    assertThat(run("config", "check", file.toString())).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains(": OK").contains("listen: \"192.0.2.1:53\"")
        .contains("data_dir: \"/var/lib/gateway\"");
  }

  @Test
  void configCheckListsEveryErrorAndExits2(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, """
        lan: {interface: lan0, address: 192.0.2.1, subnet: 192.0.2.0/24, mtu: 9000}
        dhcp: {enabled: true, pool: {start: 192.0.3.10, end: 192.0.2.50}}
        dns: {listen: "192.0.2.1:70000"}
        """);
    assertThat(run("config", "check", file.toString())).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(err.toString())
        .contains("4 errors")
        .contains("lan.mtu: unknown key")
        .contains("dhcp.pool.start: 192.0.3.10 is outside lan.subnet 192.0.2.0/24")
        .contains("dns.listen: '192.0.2.1:70000' has no valid port (0..65535)")
        .contains("dhcp.pool.end: 192.0.2.50 is before pool.start 192.0.3.10");
  }

  @Test
  void configCheckOfMissingFileExits2(@TempDir Path dir) {
    assertThat(run("config", "check", dir.resolve("nope.yaml").toString())).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(err.toString()).contains("file not found");
  }

  @Test
  void runWithABrokenConfigExits2WithoutStarting(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "lan: {interface: lan0}\n");
    assertThat(run("run", "--config", file.toString())).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(err.toString()).contains("lan.address: is required");
  }

  @Test
  void runThatCannotBindExits1NamingTheAddress(@TempDir Path dir) throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      Path file = dir.resolve("gw.yaml");
      Files.writeString(file, "lan: {interface: lo, address: 127.0.0.1, subnet: 127.0.0.0/8}\n"
          + "admin: {listen: \"127.0.0.1:" + taken.getLocalPort() + "\"}\n"
          + "data_dir: " + dir + "\n"
          + "dns: {enabled: false}\nproxy: {enabled: false}\nsmtp: {enabled: false}\n");
      assertThat(run("run", "--config", file.toString())).isEqualTo(ExitCodes.RUNTIME_FAILURE);
    }
  }
}
