package gateway.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.app.GatewayJar;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fat jar's command line as a user runs it, in a process of its own: output that ends without
 * a newline must still reach the terminal, and exit codes must be the documented ones.
 */
class JarCommandLineTest {
  private static final Path EXAMPLE = Path.of(System.getProperty("user.dir")).resolveSibling("docs")
      .resolve("gateway.example.yaml");

  private record Run(int exit, String out) {}

  private static Run gateway(String... args) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", GatewayJar.require().toString()));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  @Test
  void configCheckPrintsTheEffectiveConfig() throws Exception {
    Run r = gateway("config", "check", EXAMPLE.toString());
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains(": OK").contains("interface: \"lan0\"").contains("net:");
  }

  @Test
  void netPrintPrintsTheWholeScript() throws Exception {
    Run r = gateway("net", "print", "--config", EXAMPLE.toString());
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).startsWith("#!/bin/sh").contains("nft -f - <<'EOF'").endsWith("EOF\n");
  }

  @Test
  void aBrokenConfigExits2() throws Exception {
    Run r = gateway("config", "check", "/nonexistent/gateway.yaml");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).contains("file not found");
  }

  @Test
  void versionAndHelp() throws Exception {
    assertThat(gateway("version").out()).startsWith("gateway ");
    Run help = gateway("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("run").contains("config").contains("net").contains("mailq");
  }
}
