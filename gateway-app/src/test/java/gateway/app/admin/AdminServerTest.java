package gateway.app.admin;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.app.config.AdminConfig;
import gateway.app.config.IpAddresses;
import gateway.app.lifecycle.Listener;
import gateway.app.lifecycle.ManagedService;
import gateway.app.lifecycle.ServiceRegistry;
import gateway.app.lifecycle.ServiceState;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private ServiceState dnsState = ServiceState.UP;
  private AdminServer admin;

  private final ManagedService dns = new ManagedService() {
    @Override
    public String name() {
      return "dns";
    }

    @Override
    public void start() {}

    @Override
    public List<Listener> listeners() {
      return List.of();
    }

    @Override
    public ServiceState state() {
      return dnsState;
    }

    @Override
    public void stop(Duration drain) {}
  };

  @BeforeEach
  void start() throws Exception {
    Set<ManagedService> services = new LinkedHashSet<>();
    services.add(dns);
    ServiceRegistry[] registry = new ServiceRegistry[1];
    admin = new AdminServer(new AdminConfig(true, new InetSocketAddress(IpAddresses.parse("127.0.0.1"), 0)),
        Set.of(new HealthRoute(() -> registry[0]), new VersionRoute()));
    services.add(admin);
    registry[0] = new ServiceRegistry(services);
    admin.start();
  }

  @AfterEach
  void stop() throws Exception {
    admin.stop(Duration.ofSeconds(1));
  }

  private HttpResponse<String> request(String method, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + admin.address().getPort() + path);
    return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthIs200OnlyWhenEveryServiceIsUp() throws Exception {
    HttpResponse<String> up = request("GET", "/health");
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body()).contains("\"status\" : \"up\"").contains("\"dns\" : \"up\"").contains("\"admin\" : \"up\"");
    dnsState = ServiceState.FAILED;
    HttpResponse<String> down = request("GET", "/health");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("\"status\" : \"down\"").contains("\"dns\" : \"failed\"");
  }

  @Test
  void versionAnswers() throws Exception {
    HttpResponse<String> r = request("GET", "/version");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"version\"");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @Test
  void unknownPathAndWrongMethod() throws Exception {
    assertThat(request("GET", "/nope").statusCode()).isEqualTo(404);
    assertThat(request("POST", "/health").statusCode()).isEqualTo(405);
  }

  @Test
  void oversizedBodyIsRefused() throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + admin.address().getPort() + "/health");
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
        .method("GET", HttpRequest.BodyPublishers.ofByteArray(new byte[AdminServer.MAX_BODY_BYTES + 10])).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void queryStringsAreDecoded() {
    assertThat(AdminServer.query("name=a%20b&flag")).containsEntry("name", "a b").containsEntry("flag", "");
  }
}
