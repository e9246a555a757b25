package gateway.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import gateway.app.config.GatewayConfig;
import gateway.smtp.diagnose.MailCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

/** {@code gateway mailq} and {@code gateway mail flush|delete|check}: the SMTP relay's queue and path. */
final class SmtpCommands {
  private SmtpCommands() {}

  @Command(name = "mailq", mixinStandardHelpOptions = true,
      description = "List the relay's mail queue: id, age, size, recipients still pending, last error.")
  static final class Mailq implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      String json = AdminClient.of(config.load()).get("/smtp/queue");
      spec.commandLine().getOut().print(render(JsonMapper.builder().build().readTree(json), Clock.systemUTC()));
      return ExitCodes.OK;
    }
  }

  /** The queue as text, like Postfix's mailq: one block per message. */
  static String render(JsonNode queue, Clock clock) {
    if (queue.isEmpty()) {
      return "mail queue is empty\n";
    }
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-18s %8s %9s  %s%n", "ID", "AGE", "SIZE", "SENDER / RECIPIENTS / LAST ERROR"));
    long bytes = 0;
    for (JsonNode e : queue) {
      Duration age = Duration.between(Instant.parse(e.path("received").asText()), clock.instant());
      String sender = e.path("sender").asText();
      b.append(String.format("%-18s %8s %9d  <%s>%n", e.path("id").asText(), age(age), e.path("size").asLong(),
          sender));
      List<String> rcpts = new ArrayList<>();
      e.path("recipients").forEach(r -> rcpts.add(r.asText()));
      for (String r : rcpts) {
        b.append(String.format("%38s<%s>%n", "", r));
      }
      String err = e.path("last_error").asText();
      if (!err.isEmpty()) {
        b.append(String.format("%38s(%s; attempt %d, next %s)%n", "", err, e.path("attempts").asInt(),
            e.path("next_attempt").asText()));
      }
      bytes += e.path("size").asLong();
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
