package gateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.smtp.config.TlsMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpSectionTest {
  private static final String LAN = """
      lan:
        interface: lan0
        address: 192.0.2.1
        subnet: 192.0.2.0/24
      """;

  private static List<String> errorsOf(String yaml) {
    try {
      ConfigLoader.parse(LAN + yaml, "test.yaml");
    } catch (ConfigException e) {
      return e.errors();
    }
    throw new AssertionError("expected the config to be refused:\n" + yaml);
  }

  @Test
  void defaultsHoldMailAndDeriveFromTheLan() {
    SmtpSection s = ConfigLoader.parse(LAN, "t").smtp();
    assertThat(s.listen().getPort()).isEqualTo(25);
    assertThat(s.hostname()).isEqualTo("gateway.home.arpa");
    assertThat(s.relayhost().configured()).isFalse();
    assertThat(s.relayhost().tls()).isEqualTo(TlsMode.STARTTLS);
    assertThat(s.relayhost().port()).isEqualTo(587);
    assertThat(s.maxMessageSize()).isEqualTo(25L << 20);
  }

  @Test
  void fullRelayhostSection() {
    SmtpSection s = ConfigLoader.parse(LAN + """
        smtp:
          also_listen: [192.0.2.1:587]
          lan_clients:
            users_file: /etc/gateway/smtp-users
            auth_required: true
          max_message_size: 10M
          max_data_time: 3m
          max_command_time: 2m
          relayhost:
            host: smtp.isp.example
            tls: implicit
            username: me@isp.example
            password_file: /etc/gateway/pw
            rewrite_sender: me@isp.example
          queue:
            retry: [30s, 5m]
            max_lifetime: 2d
            postmaster: admin@home.arpa
        """, "t").smtp();
    assertThat(s.relayhost().port()).as("implicit TLS defaults to 465").isEqualTo(465);
    assertThat(s.relayhost().tls()).isEqualTo(TlsMode.IMPLICIT);
    assertThat(s.relayhost().rewriteSender()).isEqualTo("me@isp.example");
    assertThat(s.queue().retrySchedule()).containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(5));
    assertThat(s.queue().maxLifetime()).isEqualTo(Duration.ofDays(2));
    assertThat(s.maxMessageSize()).isEqualTo(10L << 20);
    assertThat(s.maxDataTime()).isEqualTo(Duration.ofMinutes(3));
    assertThat(s.maxCommandTime()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.alsoListen()).extracting(a -> a.getPort()).containsExactly(587);
    assertThat(s.lanClients().authRequired()).isTrue();
  }

  @Test
  void thereIsNoPlaintextMode() {
    assertThat(errorsOf("smtp:\n  relayhost:\n    host: smtp.isp.example\n    tls: none\n"))
        .anySatisfy(e -> assertThat(e).contains("smtp.relayhost.tls").contains("no plaintext"));
  }

  @Test
  void invalidValuesAreAllReported() {
    List<String> errors = errorsOf("""
        smtp:
          max_message_size: 10
          max_recipients: 0
          max_data_time: 0s
          max_command_time: 0s
          also_listen: [192.0.2.1:25]
          lan_clients:
            tls_cert_file: /etc/gateway/cert.pem
            auth_required: true
          relayhost:
            host: smtp.isp.example
            port: 70000
            username: me
            pin_sha256: xyz
            bogus: 1
          queue:
            retry: [0s]
            concurrency: 0
        """);
    assertThat(String.join("\n", errors)).contains("smtp.max_message_size").contains("smtp.max_recipients").contains("smtp.max_data_time").contains("smtp.max_command_time").contains("smtp.also_listen").contains("smtp.lan_clients.tls_key_file")
        .contains("smtp.lan_clients.auth_required")
        .contains("smtp.relayhost.port").contains("smtp.relayhost.username").contains("smtp.relayhost.bogus")
        .contains("smtp.queue.concurrency").contains("smtp.queue.retry");
  }

  @Test
  void passwordIsNeverPrinted() {
    GatewayConfig c = ConfigLoader.parse(LAN + """
        smtp:
          relayhost:
            host: smtp.isp.example
            username: me
            password: hunter2
        """, "t");
    assertThat(ConfigLoader.toYaml(c)).doesNotContain("hunter2").contains("(hidden)");
  }
}
