package gateway.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.app.GatewayJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/install.sh into a staging tree: Debian paths, a config not readable by others, and a
 * systemd unit that runs as its own user with exactly the capabilities the services need.
 */
class InstallLayoutTest {
  private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

  @Test
  void installsDebianStyleLayout(@TempDir Path root) throws Exception {
    Process p = new ProcessBuilder("sh", REPO.resolve("packaging/install.sh").toString(), "--destdir",
        root.toString(), GatewayJar.require().toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();

    assertThat(root.resolve("usr/lib/gateway/gateway.jar")).isRegularFile();
    assertThat(root.resolve("usr/bin/gateway")).isExecutable();
    assertThat(root.resolve("usr/share/doc/gateway/gateway.example.yaml")).isRegularFile();
    Path config = root.resolve("etc/gateway/gateway.yaml");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-r-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("var/lib/gateway"))))
        .isEqualTo("rwxr-x---");

    List<String> unit = Files.readAllLines(root.resolve("lib/systemd/system/gateway.service"));
    assertThat(unit).contains("User=gateway", "Group=gateway", "StateDirectory=gateway", "KillSignal=SIGTERM",
        "AmbientCapabilities=CAP_NET_BIND_SERVICE CAP_NET_ADMIN CAP_NET_RAW",
        "CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_NET_ADMIN CAP_NET_RAW", "NoNewPrivileges=yes");
    assertThat(unit).anyMatch(l -> l.startsWith("ExecStart=/usr/bin/java ")
        && l.endsWith("-jar /usr/lib/gateway/gateway.jar run --config /etc/gateway/gateway.yaml"));
    assertThat(unit).noneMatch(l -> l.startsWith("User=root"));
    assertThat(unit).contains("EnvironmentFile=-/etc/default/gateway")
        .anyMatch(l -> l.startsWith("ExecStart=/usr/bin/java $JAVA_OPTS -jar"));
    assertThat(Files.readAllLines(root.resolve("etc/default/gateway")))
        .anyMatch(l -> l.startsWith("JAVA_OPTS=") && l.contains("-Xmx"));
  }

  @Test
  void anExistingConfigIsKept(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("etc/gateway"));
    Files.writeString(root.resolve("etc/gateway/gateway.yaml"), "lan: {}\n");
    Process p = new ProcessBuilder("sh", REPO.resolve("packaging/install.sh").toString(), "--destdir",
        root.toString(), GatewayJar.require().toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(root.resolve("etc/gateway/gateway.yaml"))).isEqualTo("lan: {}\n");
  }
}
