package gateway.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.app.admin.AdminRequest;
import gateway.app.admin.AdminResponse;
import gateway.app.config.GatewayConfig;
import gateway.app.config.SmtpSection;
import gateway.app.lifecycle.ServiceState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay wired as a service: loopback listener, spool under data_dir, held mail visible via the routes. */
class SmtpServiceTest {
  @TempDir
  Path dir;

  @Test
  void holdsMailWithoutRelayhostAndShowsItInTheQueueRoutes() throws Exception {
    GatewayConfig base = GatewayConfig.loopback(dir);
    SmtpSection s = base.smtp();
    SmtpSection onPort0 = new SmtpSection(true, new InetSocketAddress("127.0.0.1", 0),
        java.util.List.of(new InetSocketAddress("127.0.0.1", 0)), s.hostname(),
        s.maxMessageSize(), s.maxRecipients(), s.maxConnections(), s.maxConnectionsPerClient(), s.idleTimeout(),
        s.maxDataTime(), s.maxCommandTime(), s.lanClients(), s.relayhost(), s.queue());
    GatewayConfig cfg = new GatewayConfig(base.source(), true, base.lan(), base.admin(), dir, base.dns(),
        base.dhcp(), base.proxy(), onPort0, base.net());
    SmtpService service = new SmtpService(cfg);
    assertThat(SmtpRoutes.queue(service).handle(new AdminRequest(Map.of(), new byte[0])).status()).isEqualTo(503);
    service.start();
    try {
      assertThat(service.state()).isEqualTo(ServiceState.UP);
      assertThat(service.listeners()).hasSize(2); // listen and also_listen
      InetSocketAddress addr = service.listeners().get(0).address();
      assertThat(addr.getPort()).isPositive();
      try (Socket sock = new Socket(addr.getAddress(), addr.getPort())) {
        BufferedReader in = new BufferedReader(new InputStreamReader(sock.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = sock.getOutputStream();
        assertThat(in.readLine()).startsWith("220");
        out.write(("HELO c\r\nMAIL FROM:<cron@localhost.test>\r\nRCPT TO:<a@example.com>\r\nDATA\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        assertThat(in.readLine()).startsWith("250");
        assertThat(in.readLine()).startsWith("250");
        assertThat(in.readLine()).startsWith("250");
        assertThat(in.readLine()).startsWith("354");
        out.write("Subject: t\r\n\r\nx\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(in.readLine()).startsWith("250");
      }
      AdminResponse q = SmtpRoutes.queue(service).handle(new AdminRequest(Map.of(), new byte[0]));
      String body = new String(q.body(), StandardCharsets.UTF_8);
      assertThat(body).contains("a@example.com").contains("cron@localhost.test");
      assertThat(dir.resolve("smtp").resolve("queue")).isDirectory();
      String id = body.replaceAll("(?s).*\"id\" : \"([0-9A-F]+)\".*", "$1");
      assertThat(SmtpRoutes.delete(service).handle(new AdminRequest(Map.of("id", id), new byte[0])).status())
          .isEqualTo(200);
      assertThat(SmtpRoutes.delete(service).handle(new AdminRequest(Map.of("id", id), new byte[0])).status())
          .isEqualTo(404);
      assertThat(SmtpRoutes.delete(service).handle(new AdminRequest(Map.of("id", "../x"), new byte[0])).status())
          .isEqualTo(400);
    } finally {
      service.stop(Duration.ofSeconds(2));
    }
    assertThat(service.state()).isEqualTo(ServiceState.STOPPED);
  }
}
