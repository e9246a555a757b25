package gateway.it.net;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.app.GatewayConfig;
import gateway.it.app.GatewayJar;
import gateway.it.app.GatewayProcess;
import gateway.it.clients.Curl;
import gateway.it.clients.HttpReply;
import gateway.it.junit.RequiresNetns;
import gateway.it.junit.TopologyExtension;
import gateway.it.netns.CommandResult;
import gateway.it.netns.Netns;
import gateway.it.peers.Nginx;
import gateway.it.peers.PeerDir;
import gateway.it.topology.Addresses;
import gateway.it.topology.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code gateway net apply|revert|confirm} run for real in the gateway namespace: the rules divert
 * LAN port-80 traffic (shown with no proxy listening: 'drop' drops it, 'bypass' lets it through),
 * never the gateway's own traffic, and revert leaves rules, routes and sysctls exactly as before.
 */
@RequiresNetns(binaries = {"nginx", "curl", "nft", "java"})
class NetSetupIT {
  @RegisterExtension
  static final TopologyExtension NET = TopologyExtension.standard();

  private static final String ORIGIN = Addresses.internetHost(Addresses.ORIGIN_OCTET);
  private static String before;

  @BeforeAll
  static void startOrigin() {
    Topology net = NET.topology();
    Nginx.in(net.origin(), PeerDir.create(net.workDir().dir("origin")))
        .listen(ORIGIN, 80).listen(ORIGIN, 8080).file("index.html", "origin\n").start();
    before = snapshot(net.gateway());
  }

  @AfterEach
  void revertWhatATestLeft() {
    for (String whenDown : List.of("bypass", "drop")) {
      gateway(whenDown, "net", "revert");
    }
    assertThat(snapshot(NET.topology().gateway())).isEqualTo(before);
  }

  /** Everything net apply may touch in a namespace, as text. */
  private static String snapshot(Netns ns) {
    StringBuilder s = new StringBuilder();
    for (String[] cmd : List.of(
        new String[] {"nft", "list", "ruleset"},
        new String[] {"ip", "-4", "rule", "show"},
        new String[] {"ip", "-6", "rule", "show"},
        new String[] {"ip", "-4", "route", "show", "table", "all"},
        new String[] {"ip", "-6", "route", "show", "table", "all"},
        new String[] {"sysctl", "net.ipv4.ip_forward", "net.ipv4.conf.all.send_redirects",
            "net.ipv4.conf.lan0.send_redirects", "net.ipv6.conf.all.forwarding",
            "net.ipv4.conf.all.rp_filter"})) {
      // routes the kernel adds by itself (link-local addresses coming up late) are not ours to compare
      String out = ns.execOk(cmd).stdout().lines().filter(l -> !l.contains("proto kernel"))
          .collect(java.util.stream.Collectors.joining("\n"));
      s.append("$ ").append(String.join(" ", cmd)).append('\n').append(out).append('\n');
    }
    return s.toString();
  }

  private static Path config(String whenDown) {
    Topology net = NET.topology();
    PeerDir dir = PeerDir.create(net.workDir().dir("gw-" + whenDown));
    GatewayConfig cfg = GatewayConfig.standard(net.workDir().dir("gw-data"))
        .withExtra("proxy:\n  transparent:\n    when_down: " + whenDown + "\n");
    return dir.write("gateway.yaml", cfg.toYaml());
  }

  /** Runs the jar's command line inside the gateway namespace. */
  private static CommandResult gateway(String whenDown, String... args) {
    List<String> argv = new ArrayList<>(List.of("java", "-XX:TieredStopAtLevel=1", "-jar",
        GatewayJar.require().toString()));
    argv.addAll(List.of(args));
    argv.addAll(List.of("--config", config(whenDown).toString()));
    return NET.topology().gateway().exec(Duration.ofSeconds(60), argv);
  }

  @Test
  void applyTwiceThenRevertLeavesEverythingAsBefore() {
    Netns gw = NET.topology().gateway();
    CommandResult first = gateway("bypass", "net", "apply");
    assertThat(first.exitCode()).as(first.describe()).isZero();
    String applied = snapshot(gw);
    assertThat(applied).contains("table inet gateway_tproxy").contains("fwmark 0x1/0x1 lookup 100")
        .contains("local default dev lo table 100").contains("net.ipv4.conf.lan0.send_redirects = 0");
    CommandResult second = gateway("bypass", "net", "apply");
    assertThat(second.exitCode()).as(second.describe()).isZero();
    assertThat(snapshot(gw)).isEqualTo(applied);

    CommandResult revert = gateway("bypass", "net", "revert");
    assertThat(revert.exitCode()).as(revert.describe()).isZero();
    assertThat(snapshot(gw)).isEqualTo(before);
  }

  @Test
  void lanPort80IsDivertedButNeitherOtherPortsNorTheGatewaysOwnTraffic() {
    Topology net = NET.topology();
    CommandResult apply = gateway("drop", "net", "apply");
    assertThat(apply.exitCode()).as(apply.describe()).isZero();

    // no proxy listens: when_down drop makes the LAN's port-80 traffic disappear...
    HttpReply diverted = Curl.get(net.client(1), "http://" + ORIGIN + "/", Duration.ofSeconds(3));
    assertThat(diverted.status()).as(diverted.describe()).isEqualTo(-1);
    // ...while other ports are routed as before
    HttpReply other = Curl.get(net.client(1), "http://" + ORIGIN + ":8080/");
    assertThat(other.status()).as(other.describe()).isEqualTo(200);
    // and the gateway's own port-80 traffic is never diverted, from either of its addresses
    for (String source : List.of(Addresses.GATEWAY_WAN, Addresses.GATEWAY_LAN)) {
      CommandResult own = net.gateway().exec(Duration.ofSeconds(15), List.of("curl", "-sS", "-m", "5",
          "--interface", source, "-o", "/dev/null", "-w", "%{http_code}", "http://" + ORIGIN + "/"));
      assertThat(own.stdout()).as("gateway's own curl from " + source + "\n" + own.describe()).isEqualTo("200");
    }

    CommandResult revert = gateway("drop", "net", "revert");
    assertThat(revert.exitCode()).as(revert.describe()).isZero();
    HttpReply after = Curl.get(net.client(1), "http://" + ORIGIN + "/");
    assertThat(after.status()).as(after.describe()).isEqualTo(200);
  }

  @Test
  void whenDownBypassFailsOpen() {
    Topology net = NET.topology();
    CommandResult apply = gateway("bypass", "net", "apply");
    assertThat(apply.exitCode()).as(apply.describe()).isZero();
    HttpReply reply = Curl.get(net.client(1), "http://" + ORIGIN + "/");
    assertThat(reply.status()).as("no proxy listening, when_down: bypass\n" + reply.describe()).isEqualTo(200);
  }

  @Test
  void anUnconfirmedApplyRevertsByItself() throws InterruptedException {
    Netns gw = NET.topology().gateway();
    CommandResult apply = gateway("bypass", "net", "apply", "--confirm-within", "2s");
    assertThat(apply.exitCode()).as(apply.describe()).isZero();
    assertThat(apply.stdout()).contains("run 'gateway net confirm' within 2s");
    assertThat(snapshot(gw)).contains("table inet gateway_tproxy");
    // the watchdog reverts step by step (table, rules, routes, sysctls): wait for all of it
    String now = snapshot(gw);
    for (int i = 0; i < 300 && !now.equals(before); i++) {
      Thread.sleep(100);
      now = snapshot(gw);
    }
    assertThat(now).isEqualTo(before);
  }

  @Test
  void runAppliesOnStartAndRevertsOnStop() {
    Topology net = NET.topology();
    PeerDir dir = PeerDir.create(net.workDir().dir("gw-run"));
    GatewayConfig cfg = GatewayConfig.standard(net.workDir().dir("gw-data"))
        .withExtra("net:\n  apply_on_start: true\n");
    GatewayProcess app = GatewayProcess.startJar(net.gateway(), GatewayJar.require(), cfg, dir)
        .awaitStarted(Duration.ofSeconds(90));
    assertThat(snapshot(net.gateway())).as(app.daemon().describe()).contains("table inet gateway_tproxy");
    int exit = app.stop(Duration.ofSeconds(30));
    assertThat(exit).as(app.daemon().describe()).isZero();
    assertThat(snapshot(net.gateway())).isEqualTo(before);
  }

  @Test
  void aConfirmedApplyStays() throws InterruptedException {
    Netns gw = NET.topology().gateway();
    CommandResult apply = gateway("bypass", "net", "apply", "--confirm-within", "3s");
    assertThat(apply.exitCode()).as(apply.describe()).isZero();
    CommandResult confirm = gateway("bypass", "net", "confirm");
    assertThat(confirm.exitCode()).as(confirm.describe()).isZero();
    Thread.sleep(4500); // past the deadline: the watchdog must have seen the confirmation and left
    assertThat(snapshot(gw)).contains("table inet gateway_tproxy");
  }
}
