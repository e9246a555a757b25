package gateway.app.wiring;

import gateway.app.admin.AdminRequest;
import gateway.app.admin.AdminResponse;
import gateway.app.admin.AdminRoute;
import gateway.smtp.delivery.DeliveryQueue;
import gateway.smtp.delivery.QueueEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Admin routes of the SMTP relay: {@code GET /smtp/queue}, {@code POST /smtp/flush}, {@code POST /smtp/delete?id=}. */
final class SmtpRoutes {
  private SmtpRoutes() {}

  static AdminRoute queue(SmtpService service) {
    return route("GET", "/smtp/queue", service, (q, req) -> AdminResponse.json(200,
        q.snapshot().stream().map(SmtpRoutes::json).toList()));
  }

  static AdminRoute flush(SmtpService service) {
    return route("POST", "/smtp/flush", service, (q, req) -> AdminResponse.json(200,
        Map.of("flushed", q.flush())));
  }

  static AdminRoute delete(SmtpService service) {
    return route("POST", "/smtp/delete", service, (q, req) -> {
      Optional<String> id = req.param("id");
      if (id.isEmpty() || !id.get().matches("[0-9A-F]{1,32}")) {
        return AdminResponse.text(400, "give the queue id: /smtp/delete?id=ID (as shown by mailq)");
      }
      return q.delete(id.get()) ? AdminResponse.json(200, Map.of("deleted", id.get()))
          : AdminResponse.text(404, "no message " + id.get() + " in the queue");
    });
  }

  static Map<String, Object> json(QueueEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("sender", e.sender());
    m.put("received", e.receivedAt().toString());
    m.put("size", e.size());
    m.put("recipients", e.pending());
    m.put("attempts", e.attempts());
    m.put("next_attempt", e.nextAttempt().toString());
    m.put("last_error", e.lastError());
    return m;
  }

  interface Handler {
    AdminResponse handle(DeliveryQueue queue, AdminRequest request) throws Exception;
  }

  private static AdminRoute route(String method, String path, SmtpService service, Handler h) {
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
        Optional<DeliveryQueue> q = service.queue();
        if (q.isEmpty()) {
          return AdminResponse.text(503, "the SMTP relay is not running (smtp.enabled, or see the log)");
        }
        return h.handle(q.get(), request);
      }
    };
  }

}
