package gateway.app.lifecycle;

import java.net.BindException;
import java.util.Locale;

/**
 * Turns a failed start into one sentence a box owner can act on: what failed, and the likely fix
 * (another process on the port, a missing capability, an address no interface has).
 */
public final class BindFailures {
  private BindFailures() {}

  public static String explain(String service, Throwable failure) {
    String chain = messages(failure);
    String lower = chain.toLowerCase(Locale.ROOT);
    String hint;
    if (lower.contains("address already in use")) {
      hint = "another process already listens there (see 'ss -ltnup'); stop it or choose another port";
    } else if (lower.contains("ip_transparent") || lower.contains("operation not permitted")) {
      hint = "needs CAP_NET_ADMIN (transparent sockets, device binding): run through the systemd unit"
          + " (AmbientCapabilities) or as root";
    } else if (lower.contains("permission denied")) {
      hint = "ports below 1024 need CAP_NET_BIND_SERVICE: run through the systemd unit"
          + " (AmbientCapabilities), as root, or choose a port above 1023";
    } else if (lower.contains("cannot assign requested address")) {
      hint = "no interface of this machine has that address (see 'ip addr'); check lan.address"
          + " and the listen addresses";
    } else if (lower.contains("no such device")) {
      hint = "no such network interface (see 'ip link'); check lan.interface";
    } else {
      hint = "see the cause above";
    }
    return "cannot start " + service + ": " + chain + " -- " + hint;
  }

  static boolean isBindFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  private static String messages(Throwable failure) {
    StringBuilder sb = new StringBuilder();
    String last = null;
    for (Throwable c = failure; c != null; c = c.getCause()) {
      String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
      if (last == null || !last.contains(m)) {
        if (sb.length() > 0) {
          sb.append(": ");
        }
        sb.append(m);
      }
      last = m;
      if (c.getCause() == c) {
        break;
      }
    }
    return sb.toString();
  }
}
