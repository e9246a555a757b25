package gateway.app.admin;

/**
 * One path of the admin endpoint. Services contribute routes (stats, leases, mail queue...) so
 * the CLI can ask the running gateway; see WIRING.md.
 */
public interface AdminRoute {
  /** {@code GET} or {@code POST}. */
  String method();

  /** The exact path, e.g. {@code /dns/stats}. */
  String path();

  /** Answers one request; an exception becomes a 500 naming it. */
  AdminResponse handle(AdminRequest request) throws Exception;
}
