package gateway.app.cli;

import gateway.app.config.GatewayConfig;
import gateway.app.config.IpAddresses;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks a running gateway through its admin endpoint; how CLI commands such as {@code dns stats}
 * reach the live server. Fails with a {@link Cli.CommandFailure} saying what to check.
 */
public final class AdminClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI base;
  private final HttpClient http;

  private AdminClient(InetSocketAddress address) {
    InetSocketAddress target = address.getAddress() != null && address.getAddress().isAnyLocalAddress()
        ? new InetSocketAddress(IpAddresses.parse("127.0.0.1"), address.getPort()) : address;
    this.base = URI.create("http://" + IpAddresses.format(target));
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  public static AdminClient of(GatewayConfig config) {
    if (!config.admin().enabled()) {
      throw new Cli.CommandFailure("the admin endpoint is disabled (admin.enabled: false) in "
          + config.source() + "; this command needs it");
    }
    return new AdminClient(config.admin().listen());
  }

  /** Test seam: a client for an endpoint at a known address. */
  static AdminClient at(InetSocketAddress address) {
    return new AdminClient(address);
  }

  /** The answer's body; a non-2xx answer fails with the gateway's own message. */
  public String get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET().build());
  }

  public String post(String path, String body) {
    return send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private String send(HttpRequest request) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new Cli.CommandFailure("no gateway answers at " + base + " (is it running? check"
          + " 'systemctl status gateway' and admin.listen in the config)");
    } catch (IOException e) {
      throw new Cli.CommandFailure("asking the gateway at " + base + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Cli.CommandFailure("interrupted");
    }
    if (response.statusCode() / 100 != 2) {
      throw new Cli.CommandFailure("the gateway answered " + response.statusCode() + " for "
          + request.uri().getPath() + ": " + response.body().strip());
    }
    return response.body();
  }
}
