package gateway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.lease.ClientKey;
import gateway.dhcp.lease.Lease;
import gateway.dhcp.lease.LeaseJournal;
import gateway.dhcp.lease.LeaseState;
import gateway.dhcp.lease.LeaseTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gateway leases} reading the journal when no gateway answers (admin on a dead port). */
class DhcpCommandsTest {
  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();

  @AfterEach
  void reset() {
    DhcpCommands.clientOverride = null;
    DhcpCommands.clock = Clock.systemUTC();
  }

  private int run(String... args) {
    CommandLine cli = new CommandLine(new GatewayCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(new StringWriter()));
    return cli.execute(args);
  }

  private static Lease lease(int host, String mac, String name, LeaseState state, String expires) {
    return new Lease(Ipv4.parse("192.0.2." + host), ClientKey.ofMac(mac), mac, Optional.ofNullable(name),
        Instant.parse(expires), state);
  }

  @Test
  void listsActiveLeasesFromTheJournalWhenTheGatewayIsDown() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    try (LeaseJournal j = LeaseJournal.open(data.resolve("dhcp-leases.journal"), new LeaseTable())) {
      j.persist(lease(101, "02:00:00:00:00:01", "laptop", LeaseState.BOUND, "2026-01-01T02:00:00Z"));
      j.persist(lease(102, "02:00:00:00:00:02", null, LeaseState.BOUND, "2026-01-01T02:00:00Z"));
      j.persist(lease(103, "02:00:00:00:00:03", "old", LeaseState.BOUND, "2026-01-01T00:30:00Z"));
      j.persist(lease(104, "02:00:00:00:00:04", "gone", LeaseState.RELEASED, "2026-01-01T02:00:00Z"));
      j.sync();
    }
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, """
        lan: {interface: lan0, address: 192.0.2.1, subnet: 192.0.2.0/24}
        admin: {listen: "127.0.0.1:9"}
        data_dir: %s
        dhcp: {enabled: true, pool: {start: 192.0.2.100, end: 192.0.2.199}}
        """.formatted(data));
    DhcpCommands.clock = Clock.fixed(Instant.parse("2026-01-01T01:00:00Z"), ZoneOffset.UTC);

    int code = run("leases", "--config", config.toString());

    assertThat(code).isEqualTo(0);
    assertThat(out.toString())
        .contains("192.0.2.101      02:00:00:00:00:01  laptop")
        .contains("192.0.2.102      02:00:00:00:00:02  -")
        .contains("2 leases")
        .doesNotContain("192.0.2.103").doesNotContain("192.0.2.104")
        .contains("the gateway did not answer");
  }

  @Test
  void saysSoWhenDhcpIsNotEnabled() throws Exception {
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, "lan: {interface: lan0, address: 192.0.2.1, subnet: 192.0.2.0/24}\n"
        + "data_dir: " + dir + "\n");
    StringWriter err = new StringWriter();
    CommandLine cli = Cli.create();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("leases", "--config", config.toString())).isEqualTo(ExitCodes.RUNTIME_FAILURE);
    assertThat(err.toString()).contains("DHCP is not enabled in " + config);
  }
}
