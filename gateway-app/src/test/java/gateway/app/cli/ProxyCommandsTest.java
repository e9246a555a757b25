package gateway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.app.admin.AdminServer;
import gateway.app.config.AdminConfig;
import gateway.app.config.ConfigLoader;
import gateway.app.config.GatewayConfig;
import gateway.app.config.IpAddresses;
import gateway.app.wiring.EventLoops;
import gateway.app.wiring.ProxyTestAccess;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gateway proxy stats} against a real proxy behind a real admin endpoint, both on loopback. */
class ProxyCommandsTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private EventLoops loops;
  private ProxyTestAccess proxy;
  private AdminServer admin;

  @BeforeEach
  void start() throws Exception {
    GatewayConfig config = ConfigLoader.parse("""
        lan: {interface: lo, address: 127.0.0.1, subnet: 127.0.0.0/8, domain: home.arpa}
        proxy:
          listen: 127.0.0.1:0
          access_log: ""
          transparent: {enabled: false}
        """, "test.yaml");
    loops = new EventLoops();
    proxy = new ProxyTestAccess(config, loops);
    proxy.service().start();
    admin = new AdminServer(new AdminConfig(true, new InetSocketAddress(IpAddresses.parse("127.0.0.1"), 0)),
        proxy.routes());
    admin.start();
    ProxyCommands.clientOverride = AdminClient.at(admin.address());
  }

  @AfterEach
  void stop() throws Exception {
    ProxyCommands.clientOverride = null;
    admin.stop(Duration.ofSeconds(1));
    proxy.service().stop(Duration.ofSeconds(1));
    loops.close();
  }

  private int run(String... args) {
    CommandLine cli = Cli.create();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void statsCountARequest() throws Exception {
    InetSocketAddress listen = proxy.service().listeners().get(0).address();
    try (Socket s = new Socket(listen.getAddress(), listen.getPort())) {
      s.setSoTimeout(5000);
      OutputStream o = s.getOutputStream();
      o.write("GET /not-absolute HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      o.flush();
      InputStream in = s.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
      assertThat(head).isEqualTo("HTTP/1.1 400");
      in.readAllBytes(); // the proxy closes after a 400
    }
    assertThat(run("proxy", "stats")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).containsPattern("requests\\s+1").containsPattern("client_errors_4xx\\s+1")
        .containsPattern("spoofing_abandoned\\s+no").containsPattern("access_log_dropped\\s+0");
  }
}
