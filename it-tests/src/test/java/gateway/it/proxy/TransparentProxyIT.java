package gateway.it.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.app.GatewayConfig;
import gateway.it.app.GatewayJar;
import gateway.it.app.GatewayProcess;
import gateway.it.clients.Curl;
import gateway.it.clients.HttpReply;
import gateway.it.junit.RequiresNetns;
import gateway.it.junit.TopologyExtension;
import gateway.it.netns.CommandResult;
import gateway.it.peers.Nginx;
import gateway.it.peers.PeerDir;
import gateway.it.topology.Addresses;
import gateway.it.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A LAN client with no proxy settings, the gateway as its default router: its port-80 traffic is
 * diverted by TPROXY (net.apply_on_start) into the gateway's proxy, which fetches from the origin
 * from the client's address ('always') or the gateway's ('never'), caches what it may, never
 * intercepts the gateway's own traffic, and in 'auto' falls back when the ISP's return route is
 * missing, saying why. Each test starts a fresh gateway, so no warm pool hides a broken path.
 */
@RequiresNetns(binaries = {"nginx", "curl", "nft", "java"})
class TransparentProxyIT {
  @RegisterExtension
  static final TopologyExtension NET = TopologyExtension.standard();

  private static final String ORIGIN = Addresses.internetHost(Addresses.ORIGIN_OCTET);
  private static final String ORIGIN6 = Addresses.internetHost6(Addresses.ORIGIN_OCTET);
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static Nginx origin;
  private GatewayProcess gateway;
  private Path accessLog;

  @BeforeAll
  static void startOrigin() throws IOException {
    Topology net = NET.topology();
    PeerDir dir = PeerDir.create(net.workDir().dir("origin"));
    origin = Nginx.in(net.origin(), dir).listen(ORIGIN, 80).listen(ORIGIN6, 80)
        .file("page.html", "from the origin\n").file("other.html", "other\n").start();
    // An old Last-Modified gives nginx's static files heuristic freshness (RFC 9111 4.2.2).
    for (String f : List.of("page.html", "other.html")) {
      Files.setLastModifiedTime(dir.path("html/" + f), FileTime.from(Instant.now().minus(Duration.ofDays(30))));
    }
  }

  @AfterEach
  void stopGateway() {
    if (gateway != null) {
      gateway.stop(Duration.ofSeconds(20));
      gateway = null;
    }
    NET.topology().restoreIspReturnRoute();
  }

  private void startGateway(String spoof) {
    Topology net = NET.topology();
    PeerDir dir = PeerDir.create(net.workDir().dir("gw-" + spoof + "-" + RUNS.incrementAndGet()));
    accessLog = dir.path("proxy-access.log");
    GatewayConfig standard = GatewayConfig.standard(dir.dir("data"));
    // The LAN's IPv6 network joins through lan.also_allow (the harness's config has no key for it,
    // so it rides on the subnet line): then the ip6 TPROXY twins are applied and v6 clients served.
    GatewayConfig withV6 = new GatewayConfig(standard.lanInterface(), standard.lanAddress(),
        standard.lanSubnet() + "\n  also_allow: [\"" + Addresses.LAN6_SUBNET + "\"]", standard.domain(),
        standard.adminListen(), standard.dataDir(), standard.extraYaml());
    GatewayConfig cfg = withV6
        .withExtra("dns:\n  enabled: false\n"
            + "smtp:\n  enabled: false\n"
            + "proxy:\n"
            + "  spoof_client_address: " + spoof + "\n"
            + "  access_log: " + accessLog + "\n"
            + "  transparent:\n    enabled: true\n    when_down: drop\n"
            + "net:\n  apply_on_start: true\n");
    gateway = GatewayProcess.startJar(net.gateway(), GatewayJar.require(), cfg, dir)
        .awaitStarted(Duration.ofSeconds(60));
  }

  private List<String> proxyLog() {
    try {
      return Files.exists(accessLog) ? Files.readAllLines(accessLog) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The proxy writes a request's line just after the response's last byte: wait (bounded) for it. */
  private List<String> proxyLogWith(String text) throws InterruptedException {
    return proxyLogWith(text, 1);
  }

  /** The proxy's log once it has {@code count} lines containing {@code text} (it is written by a thread of its own), or after 10 s. */
  private List<String> proxyLogWith(String text, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<String> lines = proxyLog();
    while (lines.stream().filter(l -> l.contains(text)).count() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
      lines = proxyLog();
    }
    return lines;
  }

  private static String lastOriginLine() {
    List<String> lines = origin.accessLog();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  @Test
  void alwaysFetchesFromTheClientsAddressAndCachesTheRepeat() throws InterruptedException {
    startGateway("always");
    Topology net = NET.topology();
    HttpReply first = Curl.get(net.client(1), "http://" + ORIGIN + "/page.html");
    assertThat(first.status()).as(first.describe()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("from the origin\n");
    assertThat(lastOriginLine()).as("nginx sees the client's own address").startsWith(Addresses.client(1) + " ");
    assertThat(proxyLogWith("/page.html 200 MISS")).anySatisfy(l -> assertThat(l)
        .contains(Addresses.client(1)).contains(" GET http://" + ORIGIN + "/page.html 200 MISS "));

    int originLines = origin.accessLog().size();
    HttpReply again = Curl.get(net.client(1), "http://" + ORIGIN + "/page.html");
    assertThat(again.status()).as(again.describe()).isEqualTo(200);
    assertThat(again.body()).isEqualTo("from the origin\n");
    assertThat(origin.accessLog()).as("a cache hit leaves no line at the origin").hasSize(originLines);
    assertThat(proxyLogWith("/page.html 200 HIT")).anySatisfy(l -> assertThat(l).contains("/page.html 200 HIT "));
  }

  @Test
  void ipv6IsInterceptedTheSameWay() throws InterruptedException {
    startGateway("always");
    Topology net = NET.topology();
    HttpReply reply = Curl.get(net.client(1), "http://[" + ORIGIN6 + "]/page.html?v6");
    assertThat(reply.status()).as(reply.describe()).isEqualTo(200);
    assertThat(lastOriginLine()).as("nginx sees the client's own IPv6 address")
        .startsWith(Addresses.client6(1) + " ");
    assertThat(proxyLogWith("?v6 200")).anySatisfy(l -> assertThat(l).contains("[" + Addresses.client6(1) + "]")
        .contains(" GET http://[" + ORIGIN6 + "]/page.html?v6 200 MISS "));
  }

  @Test
  void aForgedHostIsProxiedToTheOriginalDestinationButNotCached() throws InterruptedException {
    startGateway("always");
    Topology net = NET.topology();
    int before = origin.accessLog().size();
    for (int i = 0; i < 2; i++) {
      CommandResult curl = net.client(1).exec(Duration.ofSeconds(15), List.of("curl", "-sS", "-m", "10",
          "--noproxy", "*", "-H", "Host: forged.example", "http://" + ORIGIN + "/page.html"));
      assertThat(curl.stdout()).as(curl.describe()).isEqualTo("from the origin\n");
    }
    // forged.example does not resolve to 203.0.113.80: both requests reach the origin (CVE-2009-0801)
    assertThat(origin.accessLog()).hasSize(before + 2);
    assertThat(proxyLogWith("http://forged.example/page.html 200 MISS", 2)).filteredOn(l -> l.contains("forged.example"))
        .hasSize(2);
  }

  @Test
  void neverFetchesFromTheGatewaysAddress() {
    startGateway("never");
    HttpReply reply = Curl.get(NET.topology().client(1), "http://" + ORIGIN + "/other.html?never");
    assertThat(reply.status()).as(reply.describe()).isEqualTo(200);
    assertThat(lastOriginLine()).startsWith(Addresses.GATEWAY_WAN + " ");
  }

  @Test
  void theGatewaysOwnTrafficIsNotIntercepted() throws InterruptedException {
    startGateway("always");
    Topology net = NET.topology();
    int proxied = proxyLog().size();
    for (String source : List.of(Addresses.GATEWAY_WAN, Addresses.GATEWAY_LAN)) {
      CommandResult own = net.gateway().exec(Duration.ofSeconds(15), List.of("curl", "-sS", "-m", "5",
          "--interface", source, "-o", "/dev/null", "-w", "%{http_code}", "http://" + ORIGIN + "/page.html?own"));
      assertThat(own.stdout()).as(own.describe()).isEqualTo("200");
      assertThat(lastOriginLine()).startsWith(source + " ");
    }
    // a client request afterwards: once its line is there, any line of the earlier curls would be too
    HttpReply marker = Curl.get(net.client(1), "http://" + ORIGIN + "/page.html?marker");
    assertThat(marker.status()).as(marker.describe()).isEqualTo(200);
    assertThat(proxyLogWith("?marker")).as("nothing of the gateway's own went through the proxy")
        .hasSize(proxied + 1).noneMatch(l -> l.contains("?own"));
  }

  @Test
  void autoFallsBackToTheGatewaysAddressWhenTheReturnRouteIsMissingAndSaysWhy() {
    Topology net = NET.topology();
    net.removeIspReturnRoute();
    startGateway("auto");
    HttpReply reply = Curl.get(net.client(1), "http://" + ORIGIN + "/other.html?auto", Duration.ofSeconds(30));
    assertThat(reply.status()).as(reply.describe()).isEqualTo(200);
    assertThat(lastOriginLine()).startsWith(Addresses.GATEWAY_WAN + " ");
    String diagnosis = gateway.daemon().awaitLog(Pattern.compile("spoof_client_address=auto: .*asymmetric route"),
        Duration.ofSeconds(5));
    assertThat(diagnosis).contains(Addresses.client(1)).contains("route for the LAN subnet via this gateway");
    // later requests go straight from the gateway's address, without the probe's delay
    HttpReply next = Curl.get(net.client(1), "http://" + ORIGIN + "/page.html?after", Duration.ofSeconds(3));
    assertThat(next.status()).as(next.describe()).isEqualTo(200);
    assertThat(gateway.daemon().logLines().stream().filter(l -> l.contains("asymmetric route")).count())
        .as("the diagnosis is logged once").isEqualTo(1);
  }
}
