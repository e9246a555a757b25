package gateway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.app.admin.AdminRoute;
import gateway.app.admin.AdminServer;
import gateway.app.config.AdminConfig;
import gateway.app.config.ConfigLoader;
import gateway.app.config.GatewayConfig;
import gateway.app.config.IpAddresses;
import gateway.app.wiring.DnsTestAccess;
import gateway.app.wiring.EventLoops;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The dns commands against a real DNS server behind a real admin endpoint, both on loopback. */
class DnsCommandsTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private EventLoops loops;
  private DnsTestAccess dns;
  private AdminServer admin;

  @BeforeEach
  void start() throws Exception {
    GatewayConfig config = ConfigLoader.parse("""
        lan: {interface: lo, address: 127.0.0.1, subnet: 127.0.0.0/8, domain: home.arpa}
        dns:
          listen: 127.0.0.1:0
          upstreams: ["127.0.0.1:9"]
          persist_cache: false
          hosts:
            - name: nas
              addresses: [192.0.2.10]
        """, "test.yaml");
    loops = new EventLoops();
    dns = new DnsTestAccess(config, loops);
    dns.service().start();
    Set<AdminRoute> routes = dns.routes();
    admin = new AdminServer(new AdminConfig(true,
        new InetSocketAddress(IpAddresses.parse("127.0.0.1"), 0)), routes);
    admin.start();
    DnsCommands.clientOverride = AdminClient.at(admin.address());
  }

  @AfterEach
  void stop() throws Exception {
    DnsCommands.clientOverride = null;
    admin.stop(Duration.ofSeconds(1));
    dns.service().stop(Duration.ofSeconds(1));
    loops.close();
  }

  private int run(String... args) {
    CommandLine cli = Cli.create();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void lookupAnswersALanNameAuthoritatively() {
    assertThat(run("dns", "lookup", "nas.home.arpa")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("NOERROR (authoritative").contains("192.0.2.10");
  }

  @Test
  void lookupOfAnUnknownLanNameIsNxdomain() {
    assertThat(run("dns", "lookup", "ghost.home.arpa", "AAAA")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("NXDOMAIN").contains("SOA");
  }

  @Test
  void badTypeIsAClearFailure() {
    assertThat(run("dns", "lookup", "nas.home.arpa", "NOPE")).isEqualTo(1);
    assertThat(err.toString()).contains("400").contains("NOPE");
  }

  @Test
  void statsCountTheLookups() {
    run("dns", "lookup", "nas.home.arpa");
    out.getBuffer().setLength(0);
    assertThat(run("dns", "stats")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).containsPattern("local_answers\\s+1").contains("cache_hits");
  }

  @Test
  void flushAllAndOneName() {
    assertThat(run("dns", "flush")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("flushed the whole DNS cache");
    assertThat(run("dns", "flush", "www.example.com")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("flushed 0 entries for www.example.com");
  }

  @Test
  void everyDnsCommandHasHelp() {
    for (String c : new String[] {"stats", "flush", "lookup"}) {
      assertThat(run("dns", c, "--help")).isEqualTo(ExitCodes.OK);
    }
    assertThat(out.toString()).contains("Usage: gateway dns stats").contains("Usage: gateway dns lookup");
  }
}
