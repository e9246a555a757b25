package gateway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class SmtpCommandsTest {
  private final StringWriter out = new StringWriter();

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
}
