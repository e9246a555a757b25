package gateway.app.wiring;

import gateway.app.admin.AdminRequest;
import gateway.app.admin.AdminResponse;
import gateway.app.admin.AdminRoute;
import gateway.dns.server.LookupResult;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The dns service's admin routes: {@code /dns/stats}, {@code /dns/flush}, {@code /dns/lookup}. */
final class DnsAdminRoutes {
  private DnsAdminRoutes() {}

  /** {@code GET /dns/stats}: the counters and the cache size. */
  static AdminRoute stats(DnsService dns) {
    return route("GET", "/dns/stats", r -> AdminResponse.json(200, dns.server().stats().asMap()));
  }

  /** {@code POST /dns/flush[?name=NAME]}: empties the cache, or drops one name's entries. */
  static AdminRoute flush(DnsService dns) {
    return route("POST", "/dns/flush", r -> {
      if (r.param("name").isPresent()) {
        String name = r.param("name").get();
        int removed;
        try {
          removed = dns.server().flush(name);
        } catch (IllegalArgumentException e) {
          return AdminResponse.text(400, e.getMessage());
        }
        return AdminResponse.json(200, Map.of("flushed", name, "entries", removed));
      }
      dns.server().flush();
      return AdminResponse.json(200, Map.of("flushed", "all"));
    });
  }

  /** {@code GET /dns/lookup?name=NAME[&type=TYPE]}: resolves through the running cache. */
  static AdminRoute lookup(DnsService dns) {
    return route("GET", "/dns/lookup", r -> {
      String name = r.param("name").orElse("");
      if (name.isBlank()) {
        return AdminResponse.text(400, "name is required: /dns/lookup?name=NAME&type=A");
      }
      LookupResult result;
      try {
        result = dns.server().lookup(name, r.param("type").orElse("A")).get(15, TimeUnit.SECONDS);
      } catch (IllegalArgumentException e) {
        return AdminResponse.text(400, e.getMessage());
      } catch (IllegalStateException e) {
        return AdminResponse.text(503, "dns is not running");
      } catch (ExecutionException | TimeoutException e) {
        return AdminResponse.text(504, "lookup did not finish: " + e);
      }
      return AdminResponse.json(200, result);
    });
  }

  private interface Handler {
    AdminResponse handle(AdminRequest r) throws Exception;
  }

  private static AdminRoute route(String method, String path, Handler h) {
    return new AdminRoute() {
      @Override
      public String method() {
        return method;
      }

      @Override
      public String path() {
        return path;
      }

      @Override
      public AdminResponse handle(AdminRequest request) throws Exception {
        return h.handle(request);
      }
    };
  }
}
