package gateway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import gateway.smtp.spool.DeliveryState;
import gateway.smtp.spool.Envelope;
import gateway.smtp.spool.Spool;
import gateway.smtp.spool.SpoolWriter;
import gateway.smtp.spool.SpooledMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class SmtpCommandsTest {
  private final StringWriter out = new StringWriter();

  @AfterEach
  void resetClock() {
    SmtpCommands.clock = Clock.systemUTC();
  }

  private int run(String... args) {
    CommandLine cli = Cli.create();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    return cli.execute(args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mailq", "mail", "mail flush", "mail delete", "mail check"})
  void everyCommandHasHelp(String command) {
    assertThat(run((command + " --help").split(" "))).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).startsWith("Usage: gateway");
  }

  @Test
  void mailqRendersIdAgeSizeRecipientsAndLastError() throws Exception {
    String json = """
        [{"id":"19AC5B2F00000001","sender":"cron@nas.lan","received":"2026-11-27T08:00:00Z","size":1234,
          "recipients":["a@example.com"],"attempts":2,"next_attempt":"2026-11-27T08:10:00Z",
          "last_error":"STARTTLS is required but host does not support STARTTLS"}]""";
    String text = SmtpCommands.render(JsonMapper.builder().build().readTree(json),
        Clock.fixed(Instant.parse("2026-11-27T09:00:00Z"), ZoneOffset.UTC));
    assertThat(text).contains("19AC5B2F00000001").contains("60m").contains("1234").contains("<a@example.com>")
        .contains("STARTTLS is required").contains("1 message(s)");
    assertThat(SmtpCommands.render(JsonMapper.builder().build().readTree("[]"), Clock.systemUTC()))
        .isEqualTo("mail queue is empty\n");
  }

  @Test
  void mailCheckWithoutRelayhostFails(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gw.yaml");
    Files.writeString(file, "lan: {interface: lan0, address: 192.0.2.1, subnet: 192.0.2.0/24}\n");
    assertThat(run("mail", "check", "--config", file.toString())).isEqualTo(ExitCodes.RUNTIME_FAILURE);
    assertThat(out.toString()).contains("no relayhost configured").contains("result: FAILED at dns");
  }

  /** No gateway on the admin port: mailq reads data_dir/smtp itself, lists the queue and says so. */
  @Test
  void mailqReadsTheSpoolWhenTheGatewayIsDown(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Clock at8 = Clock.fixed(Instant.parse("2026-11-27T08:00:00Z"), ZoneOffset.UTC);
    Spool spool = Spool.open(data.resolve("smtp"), at8);
    SpooledMessage m;
    try (SpoolWriter w = spool.create(new Envelope("cron@nas.lan", List.of("a@example.com", "b@example.com"),
        at8.instant(), "192.0.2.10", "nas"))) {
      w.content().write("Subject: x\r\n\r\nhello\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      m = w.commit();
    }
    spool.saveState(m.id(), new DeliveryState(2, Instant.parse("2026-11-27T08:10:00Z"), Set.of("b@example.com"),
        "STARTTLS is required but host does not support STARTTLS"));
    Files.write(data.resolve("smtp/queue/0000000000000ABCDE.msg"), new byte[] {1, 2, 3});
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, """
        lan: {interface: lan0, address: 192.0.2.1, subnet: 192.0.2.0/24}
        admin: {listen: "127.0.0.1:9"}
        data_dir: %s
        """.formatted(data));
    SmtpCommands.clock = Clock.fixed(Instant.parse("2026-11-27T09:00:00Z"), ZoneOffset.UTC);

    int code = run("mailq", "--config", config.toString());

    assertThat(code).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("the gateway did not answer").contains("read the spool " + data.resolve("smtp"))
        .contains("skipped queue/0000000000000ABCDE.msg is damaged")
        .contains(m.id()).contains("60m").contains("<cron@nas.lan>").contains("<a@example.com>")
        .doesNotContain("<b@example.com>")
        .contains("STARTTLS is required").contains("attempt 2").contains("1 message(s)");
    assertThat(data.resolve("smtp/queue/0000000000000ABCDE.msg")).hasBinaryContent(new byte[] {1, 2, 3});
  }

  @Test
  void mailqWithoutGatewayOrSpoolFails(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, """
        lan: {interface: lan0, address: 192.0.2.1, subnet: 192.0.2.0/24}
        admin: {listen: "127.0.0.1:9"}
        data_dir: %s
        """.formatted(dir.resolve("data")));
    assertThat(run("mailq", "--config", config.toString())).isEqualTo(ExitCodes.RUNTIME_FAILURE);
    assertThat(out.toString()).contains("no spool directory");
    assertThat(dir.resolve("data")).doesNotExist();
  }
}
