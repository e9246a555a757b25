package gateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxySectionTest {
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
  void defaultsDeriveFromTheLan() {
    ProxySection p = ConfigLoader.parse(LAN, "t").proxy();
    assertThat(p.listen().getPort()).isEqualTo(3128);
    assertThat(p.spoofClientAddress()).isEqualTo("auto");
    assertThat(p.connectPorts()).containsExactly(443);
    assertThat(p.cache().enabled()).isTrue();
    assertThat(p.cache().diskDir()).isEmpty();
    assertThat(p.eventLoops()).isEqualTo(ProxySection.AUTO);
  }

  @Test
  void everyKeyIsRead() {
    ProxySection p = ConfigLoader.parse(LAN + """
        proxy:
          spoof_client_address: never
          connect_ports: [443, 8443]
          connect_timeout: 3s
          response_timeout: 20s
          header_timeout: 5s
          idle_timeout: 1m
          max_header_size: 16k
          access_log: /var/log/gateway/access.log
          event_loops: 2
          cache:
            memory: 32M
            disk_dir: /var/cache/gw
            disk_size: 2G
            max_object: 1M
        """, "t").proxy();
    assertThat(p.spoofClientAddress()).isEqualTo("never");
    assertThat(p.connectPorts()).containsExactly(443, 8443);
    assertThat(p.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(p.responseTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(p.headerTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(p.maxHeaderSize()).isEqualTo(16 * 1024);
    assertThat(p.accessLog()).isEqualTo("/var/log/gateway/access.log");
    assertThat(p.eventLoops()).isEqualTo(2);
    assertThat(p.cache().memory()).isEqualTo(32L << 20);
    assertThat(p.cache().diskDir()).contains(Path.of("/var/cache/gw"));
    assertThat(p.cache().diskSize()).isEqualTo(2L << 30);
    assertThat(p.cache().maxObject()).isEqualTo(1L << 20);
  }

  @Test
  void badValuesAreAllReported() {
    List<String> errors = errorsOf("""
        proxy:
          spoof_client_address: sometimes
          connect_ports: [443, 70000]
          connect_timeout: 0s
          max_header_size: 10
          event_loops: many
          cache:
            disk_dir: relative/dir
            colour: blue
        """);
    assertThat(String.join("\n", errors))
        .contains("proxy.spoof_client_address").contains("auto, always, never")
        .contains("proxy.connect_ports[1]")
        .contains("proxy.connect_timeout")
        .contains("proxy.max_header_size")
        .contains("proxy.event_loops").contains("auto or a number of threads")
        .contains("proxy.cache.disk_dir")
        .contains("proxy.cache.colour");
  }
}
