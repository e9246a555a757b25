package gateway.app.net;

import gateway.app.config.ProxySection.WhenDown;
import java.util.List;
import java.util.Map;

/**
 * Prints a {@link NetPlan} as a commented shell script a person can read, keep and run by hand:
 * the sysctls, the policy routing, and the nft table (or, with {@code --iptables}, the original
 * setup's mangle-table commands).
 */
public final class NetScriptPrinter {
  private NetScriptPrinter() {}

  public static String print(NetPlan plan, String source, boolean iptables) {
    StringBuilder s = new StringBuilder();
    s.append("#!/bin/sh\n");
    s.append("# Transparent proxy setup of the gateway (from ").append(source).append(")\n");
    s.append("# LAN interface ").append(plan.lanInterface()).append(", transparent proxy port ")
        .append(plan.proxyPort()).append(", mark ").append(plan.mark()).append(", table ")
        .append(plan.routeTable()).append(".\n");
    s.append("# Mangle-stage prerouting and policy routing only: the nat table is never used.\n");
    s.append("# The gateway's own outbound traffic is never diverted: locally generated packets do\n");
    s.append("# not pass prerouting, and traffic to the gateway's own addresses is returned early.\n");
    s.append(whenDownLine(plan, iptables));
    s.append("set -e\n\n");

    s.append("# forwarding on; ICMP redirects off (a one-NIC gateway would tell clients to bypass it);\n");
    s.append("# rp_filter unchanged: diverted packets come from LAN clients via the LAN interface.\n");
    for (Map.Entry<String, String> e : plan.sysctls().entrySet()) {
      s.append("sysctl -w ").append(sysctlKey(e.getKey())).append('=').append(e.getValue()).append('\n');
    }
    s.append("\n# marked packets are delivered locally, to the proxy's transparent socket\n");
    for (String family : plan.families()) {
      s.append(String.join(" ", plan.ruleAdd(family))).append('\n');
      s.append(String.join(" ", plan.routeAdd(family))).append('\n');
    }
    if (iptables) {
      s.append("\n# the original setup's mangle-table rules\n");
      for (String c : plan.iptablesCommands()) {
        s.append(c).append('\n');
      }
    } else {
      s.append("\n# one nft transaction: replaces our own table whole, touches nothing else\n");
      s.append("nft -f - <<'EOF'\n").append(plan.nftApplyScript()).append("EOF\n");
    }
    return s.toString();
  }

  private static String whenDownLine(NetPlan plan, boolean iptables) {
    if (iptables) {
      return "# While no proxy listens on :" + plan.proxyPort() + ", LAN port-80 traffic is DROPPED"
          + " (iptables' TPROXY target drops what it cannot divert"
          + (plan.whenDown() == WhenDown.BYPASS ? "; when_down: bypass needs the nft variant" : "") + ").\n";
    }
    return plan.whenDown() == WhenDown.DROP
        ? "# While no proxy listens on :" + plan.proxyPort() + ", LAN port-80 traffic is DROPPED"
            + " (when_down: drop): nothing leaves the LAN unproxied.\n"
        : "# While no proxy listens on :" + plan.proxyPort() + ", LAN port-80 traffic BYPASSES the proxy"
            + " and is forwarded unproxied (when_down: bypass; nft's tproxy fails open).\n";
  }

  /** {@code ipv4/conf/lan0.10/send_redirects} → {@code net.ipv4.conf.lan0/10.send_redirects}. */
  static String sysctlKey(String path) {
    List<String> parts = List.of(path.split("/"));
    StringBuilder k = new StringBuilder("net");
    for (String p : parts) {
      k.append('.').append(p.replace('.', '/'));
    }
    return k.toString();
  }
}
