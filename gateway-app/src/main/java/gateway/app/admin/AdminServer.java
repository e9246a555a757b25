package gateway.app.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import gateway.app.config.AdminConfig;
import gateway.app.lifecycle.Listener;
import gateway.app.lifecycle.ManagedService;
import gateway.app.lifecycle.ServiceState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP endpoint: a tiny JDK HTTP server with one thread, serving the registered
 * {@link AdminRoute}s. Loopback by default; it is for the box's owner and the CLI.
 */
public final class AdminServer implements ManagedService {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
  /** Admin requests are small commands; anything larger is refused before it is read. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private final AdminConfig config;
  private final Map<String, AdminRoute> routes = new HashMap<>();
  private volatile ServiceState state = ServiceState.NEW;
  private HttpServer server;
  private ExecutorService executor;

  public AdminServer(AdminConfig config, Set<AdminRoute> routes) {
    this.config = config;
    for (AdminRoute r : routes) {
      AdminRoute previous = this.routes.put(r.method() + " " + r.path(), r);
      if (previous != null) {
        throw new IllegalArgumentException("two admin routes for " + r.method() + " " + r.path());
      }
    }
  }

  @Override
  public String name() {
    return "admin";
  }

  @Override
  public int startOrder() {
    return 90; // last: when it answers, the others are up
  }

  @Override
  public void start() throws IOException {
    state = ServiceState.STARTING;
    try {
      server = HttpServer.create(config.listen(), 16);
    } catch (BindException e) {
      state = ServiceState.FAILED;
      BindException named = new BindException("admin tcp " + config.listen() + ": " + e.getMessage());
      named.initCause(e);
      throw named;
    }
    executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "admin-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
    state = ServiceState.UP;
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      AdminResponse response = answer(exchange);
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      byte[] body = response.body();
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(response.status(), head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private AdminResponse answer(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    AdminRoute route = routes.get(("HEAD".equals(method) ? "GET" : method) + " " + path);
    if (route == null) {
      boolean otherMethod = routes.keySet().stream().anyMatch(k -> k.endsWith(" " + path));
      return otherMethod ? AdminResponse.text(405, "method " + method + " not allowed on " + path)
          : AdminResponse.text(404, "no such admin path: " + path);
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      return AdminResponse.text(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
    }
    try {
      return route.handle(new AdminRequest(query(exchange.getRequestURI().getRawQuery()), body));
    } catch (Exception e) {
      log.warn("admin {} {} failed", method, path, e);
      return AdminResponse.text(500, path + " failed: " + e);
    }
  }

  static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public List<Listener> listeners() {
    HttpServer s = server;
    return s == null ? List.of() : List.of(Listener.tcp(s.getAddress()));
  }

  /** The bound address (the real port when the config said 0). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public ServiceState state() {
    return state;
  }

  @Override
  public void stop(Duration drain) throws InterruptedException {
    state = ServiceState.STOPPING;
    if (server != null) {
      server.stop(0);
      executor.shutdown();
      executor.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS);
    }
    state = ServiceState.STOPPED;
  }
}
