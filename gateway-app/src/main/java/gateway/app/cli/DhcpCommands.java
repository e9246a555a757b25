package gateway.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import gateway.app.config.GatewayConfig;
import gateway.app.wiring.DhcpService;
import gateway.dhcp.lease.Lease;
import gateway.dhcp.lease.LeaseJournal;
import gateway.dhcp.lease.LeaseState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code gateway leases}: the active DHCP leases (address, MAC, host name, expiry). Asks the
 * running gateway; when none answers, reads the lease journal itself (read-only).
 */
@Command(name = "leases", mixinStandardHelpOptions = true,
    description = "List the active DHCP leases: address, MAC, host name, expiry.")
final class DhcpCommands implements Callable<Integer> {
  private static final JsonMapper JSON = new JsonMapper();

  /** Test seams: ask this client and use this clock instead of the configured ones when set. */
  static AdminClient clientOverride;
  static Clock clock = Clock.systemUTC();

  @Mixin
  ConfigOption config;

  @Spec
  CommandSpec spec;

  record Row(String address, String mac, String hostName, String expires) {}

  @Override
  public Integer call() {
    GatewayConfig c = config.load();
    if (!c.dhcp().enabled() && clientOverride == null) {
      throw new Cli.CommandFailure("DHCP is not enabled in " + c.source()
          + " (dhcp.enabled: true and a dhcp.pool turn it on)");
    }
    List<Row> rows;
    String note = null;
    try {
      AdminClient client = clientOverride != null ? clientOverride : AdminClient.of(c);
      rows = fromJson(client.get("/dhcp/leases"));
    } catch (Cli.CommandFailure e) {
      Path file = DhcpService.leaseFile(c);
      if (!Files.exists(file)) {
        throw new Cli.CommandFailure(e.getMessage() + "; and there is no lease file " + file);
      }
      rows = fromJournal(file, clock.instant());
      note = "(the gateway did not answer: " + e.getMessage() + "; read " + file + ")";
    }
    PrintWriter out = spec.commandLine().getOut();
    if (note != null) {
      out.println(note);
    }
    out.printf("%-15s  %-17s  %-24s  %s%n", "ADDRESS", "MAC", "HOST", "EXPIRES");
    for (Row r : rows) {
      out.printf("%-15s  %-17s  %-24s  %s%n", r.address(), r.mac(), r.hostName().isEmpty() ? "-" : r.hostName(),
          r.expires());
    }
    out.println(rows.size() + (rows.size() == 1 ? " lease" : " leases"));
    out.flush();
    return ExitCodes.OK;
  }

  private static List<Row> fromJson(String body) {
    JsonNode list;
    try {
      list = JSON.readTree(body);
    } catch (IOException e) {
      throw new Cli.CommandFailure("the gateway sent an answer that is not JSON: " + body.strip());
    }
    List<Row> rows = new ArrayList<>();
    for (JsonNode n : list) {
      rows.add(new Row(n.path("address").asText(), n.path("mac").asText(), n.path("host_name").asText(),
          n.path("expires").asText()));
    }
    return rows;
  }

  static List<Row> fromJournal(Path file, Instant now) {
    try {
      return LeaseJournal.read(file).stream()
          .filter(l -> l.state() == LeaseState.BOUND && l.expires().isAfter(now))
          .sorted(Comparator.comparing(Lease::address))
          .map(l -> new Row(l.address().toString(), l.mac(), l.hostName().orElse(""), l.expires().toString()))
          .toList();
    } catch (IOException e) {
      throw new Cli.CommandFailure("cannot read the lease file " + file + ": " + e.getMessage());
    }
  }
}
