package gateway.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import gateway.app.config.GatewayConfig;
import gateway.app.wiring.SmtpService;
import gateway.smtp.diagnose.MailCheck;
import gateway.smtp.spool.SpoolSnapshot;
import gateway.smtp.spool.SpooledMessage;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gateway mailq} and {@code gateway mail flush|delete|check}: the SMTP relay's queue and path.
 * {@code mailq} asks the running gateway; when none answers, it reads the spool itself (read-only).
 * {@code flush} and {@code delete} change the queue, so they always need the running gateway.
 */
final class SmtpCommands {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private SmtpCommands() {}

  /** Test seam: the clock ages are measured against. */
  static Clock clock = Clock.systemUTC();

  @Command(name = "mailq", mixinStandardHelpOptions = true,
      description = "List the relay's mail queue: id, age, size, recipients still pending, last error."
          + " Asks the running gateway; when none answers, reads the spool directory itself (read-only).")
  static final class Mailq implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      GatewayConfig c = config.load();
      List<Row> rows;
      List<String> notes = new ArrayList<>();
      try {
        rows = fromJson(AdminClient.of(c).get("/smtp/queue"));
      } catch (Cli.CommandFailure e) {
        Path dir = SmtpService.spoolDir(c);
        if (!Files.isDirectory(dir)) {
          throw new Cli.CommandFailure(e.getMessage() + "; and there is no spool directory " + dir);
        }
        SpoolSnapshot snap = fromSpool(dir);
        rows = snap.messages().stream().map(Row::of).toList();
        notes.add("(the gateway did not answer: " + e.getMessage() + "; read the spool " + dir
            + " directly, read-only)");
        snap.skipped().forEach(s -> notes.add("(skipped " + s + ")"));
      }
      PrintWriter out = spec.commandLine().getOut();
      notes.forEach(out::println);
      out.print(render(rows, clock));
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** One queued message, from the admin endpoint's JSON or from the spool. */
  record Row(String id, String sender, Instant received, long size, List<String> pending, int attempts,
      String nextAttempt, String lastError) {
    static Row of(SpoolSnapshot.Queued q) {
      SpooledMessage m = q.message();
      return new Row(m.id(), m.envelope().sender(), m.envelope().receivedAt(), m.size(), q.pending(),
          q.state().attempts(), q.state().nextAttempt().toString(), q.state().lastError());
    }
  }

  private static List<Row> fromJson(String body) {
    try {
      return fromJson(JSON.readTree(body));
    } catch (IOException e) {
      throw new Cli.CommandFailure("the gateway sent an answer that is not JSON: " + body.strip());
    }
  }

  static List<Row> fromJson(JsonNode queue) {
    List<Row> rows = new ArrayList<>();
    for (JsonNode e : queue) {
      List<String> rcpts = new ArrayList<>();
      e.path("recipients").forEach(r -> rcpts.add(r.asText()));
      rows.add(new Row(e.path("id").asText(), e.path("sender").asText(), Instant.parse(e.path("received").asText()),
          e.path("size").asLong(), rcpts, e.path("attempts").asInt(), e.path("next_attempt").asText(),
          e.path("last_error").asText()));
    }
    return rows;
  }

  static SpoolSnapshot fromSpool(Path dir) {
    try {
      return SpoolSnapshot.read(dir);
    } catch (IOException e) {
      throw new Cli.CommandFailure("cannot read the spool " + dir + ": " + e.getMessage());
    }
  }

  /** The queue as text, like Postfix's mailq: one block per message. */
  static String render(JsonNode queue, Clock clock) {
    return render(fromJson(queue), clock);
  }

  static String render(List<Row> queue, Clock clock) {
    if (queue.isEmpty()) {
      return "mail queue is empty\n";
    }
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-18s %8s %9s  %s%n", "ID", "AGE", "SIZE", "SENDER / RECIPIENTS / LAST ERROR"));
    long bytes = 0;
    for (Row e : queue) {
      Duration age = Duration.between(e.received(), clock.instant());
      b.append(String.format("%-18s %8s %9d  <%s>%n", e.id(), age(age), e.size(), e.sender()));
      for (String r : e.pending()) {
        b.append(String.format("%38s<%s>%n", "", r));
      }
      if (!e.lastError().isEmpty()) {
        b.append(String.format("%38s(%s; attempt %d, next %s)%n", "", e.lastError(), e.attempts(),
            e.nextAttempt()));
      }
      bytes += e.size();
    }
    b.append(String.format("-- %d message(s), %d bytes%n", queue.size(), bytes));
    return b.toString();
  }

  private static String age(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 7200) {
      return s / 60 + "m";
    }
    if (s < 172_800) {
      return s / 3600 + "h";
    }
    return s / 86_400 + "d";
  }

  @Command(name = "mail", mixinStandardHelpOptions = true,
      description = "Act on the SMTP relay: flush the queue, delete a message, check the way to the relayhost.",
      subcommands = {Flush.class, Delete.class, Check.class})
  static final class Mail implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
  }

  @Command(name = "flush", mixinStandardHelpOptions = true, description = "Try every queued message now.")
  static final class Flush implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      JsonNode r = JsonMapper.builder().build().readTree(AdminClient.of(config.load()).post("/smtp/flush", ""));
      spec.commandLine().getOut().println("flush requested for " + r.path("flushed").asInt() + " message(s)");
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete one message from the queue (no bounce is sent).")
  static final class Delete implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "ID", description = "Queue id as shown by 'gateway mailq'.")
    String id;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      AdminClient.of(config.load()).post("/smtp/delete?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8), "");
      spec.commandLine().getOut().println("deleted " + id);
      return ExitCodes.OK;
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Walk the way to the relayhost step by step: DNS, TCP to the submission port and to port 25"
          + " (OP25B), greeting, EHLO, STARTTLS and the certificate, AUTH. Exit 1 if a step fails.")
  static final class Check implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      GatewayConfig cfg = config.load();
      MailCheck.Report report = MailCheck.of(cfg.smtp().relayhost()).run();
      PrintWriter out = spec.commandLine().getOut();
      out.print(report.render());
      out.flush();
      return report.ok() ? ExitCodes.OK : ExitCodes.RUNTIME_FAILURE;
    }
  }
}
