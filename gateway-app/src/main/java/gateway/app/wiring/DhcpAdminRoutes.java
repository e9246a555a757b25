package gateway.app.wiring;

import gateway.app.admin.AdminRequest;
import gateway.app.admin.AdminResponse;
import gateway.app.admin.AdminRoute;
import gateway.dhcp.lease.Lease;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The dhcp service's admin routes: {@code /dhcp/leases} and {@code /dhcp/stats}. */
final class DhcpAdminRoutes {
  private DhcpAdminRoutes() {}

  /** {@code GET /dhcp/leases}: active leases, by address. */
  static AdminRoute leases(DhcpService dhcp) {
    return route("/dhcp/leases", r -> AdminResponse.json(200, toJson(dhcp.leases())));
  }

  /** {@code GET /dhcp/stats}: received/replied per type, malformed per reason, ignored, conflicts. */
  static AdminRoute stats(DhcpService dhcp) {
    return route("/dhcp/stats", r -> AdminResponse.json(200, dhcp.counters().snapshot()));
  }

  /** The JSON shape `gateway leases` reads; also used when it reads the journal directly. */
  static List<Map<String, Object>> toJson(List<Lease> leases) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Lease l : leases) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("address", l.address().toString());
      m.put("mac", l.mac());
      m.put("host_name", l.hostName().orElse(""));
      m.put("expires", l.expires().toString());
      m.put("client", l.client().value());
      out.add(m);
    }
    return out;
  }

  private interface Handler {
    AdminResponse handle(AdminRequest r) throws Exception;
  }

  private static AdminRoute route(String path, Handler h) {
    return new AdminRoute() {
      @Override
      public String method() {
        return "GET";
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
