package gateway.app.net;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.app.config.ConfigLoader;
import gateway.app.config.GatewayConfig;
import gateway.app.config.ProxySection.WhenDown;
import org.junit.jupiter.api.Test;

class NetPlanTest {
  private static GatewayConfig config(String extra) {
    return ConfigLoader.parse("lan: {interface: lan0, address: 192.0.2.1, subnet: 192.0.2.0/24}\n" + extra, "t");
  }

  @Test
  void planComesFromTheOneLanDefinitionAndTheProxyPort() {
    NetPlan plan = NetPlan.of(config("proxy: {transparent: {port: 3130, when_down: drop}}\nnet: {fwmark: 4, route_table: 42}\n"));
    assertThat(plan).isEqualTo(new NetPlan("lan0", 3130, 4, 42, "gateway_tproxy", WhenDown.DROP, false));
    assertThat(plan.ruleSelector()).isEqualTo("fwmark 0x4/0x4 lookup 42");
  }

  @Test
  void nftRulesetAvoidsBothMeasuredTraps() {
    String nft = NetPlan.of(config("")).nftApplyScript();
    // one idempotent transaction on our own table only
    assertThat(nft).startsWith("add table inet gateway_tproxy\ndelete table inet gateway_tproxy\ntable inet gateway_tproxy {");
    // the socket rule skips pure SYNs (TIME_WAIT trap) and comes first
    assertThat(nft).contains("tcp flags & (fin | syn | rst | ack) != syn socket transparent 1 meta mark set 0x1 accept");
    // only the LAN interface, never traffic to the gateway itself (loop), then the divert
    assertThat(nft.indexOf("socket transparent")).isLessThan(nft.indexOf("iifname != \"lan0\" return"));
    assertThat(nft.indexOf("iifname != \"lan0\" return")).isLessThan(nft.indexOf("fib daddr type local return"));
    assertThat(nft.indexOf("fib daddr type local return")).isLessThan(nft.indexOf("tproxy ip to :3129"));
    assertThat(nft).contains("meta nfproto ipv4 tcp dport 80 tproxy ip to :3129 meta mark set 0x1 accept");
    assertThat(nft).contains("type filter hook prerouting priority mangle");
    assertThat(nft).doesNotContain("nat").doesNotContain("ip6 to").doesNotContain("drop");
  }

  @Test
  void whenDownDropClosesTheFailOpen() {
    String nft = NetPlan.of(config("proxy: {transparent: {when_down: drop}}\n")).nftApplyScript();
    assertThat(nft.indexOf("tcp dport 80 drop")).isGreaterThan(nft.indexOf("tproxy ip to"));
  }

  @Test
  void ipv6TwinsOnlyWhenTheLanHasIpv6() {
    NetPlan plan = NetPlan.of(ConfigLoader.parse("lan: {interface: lan0, address: 192.0.2.1,"
        + " subnet: 192.0.2.0/24, also_allow: ['2001:db8:1::/64']}\n", "t"));
    assertThat(plan.nftApplyScript()).contains("meta nfproto ipv6 tcp dport 80 tproxy ip6 to :3129 meta mark set 0x1 accept");
    assertThat(plan.families()).containsExactly("-4", "-6");
    assertThat(plan.sysctls()).containsEntry("ipv6/conf/all/forwarding", "1");
    assertThat(NetPlan.of(config("")).sysctls()).doesNotContainKey("ipv6/conf/all/forwarding");
  }

  @Test
  void sysctlsTurnForwardingOnAndRedirectsOff() {
    assertThat(NetPlan.of(config("")).sysctls()).containsExactly(
        java.util.Map.entry("ipv4/ip_forward", "1"),
        java.util.Map.entry("ipv4/conf/all/send_redirects", "0"),
        java.util.Map.entry("ipv4/conf/lan0/send_redirects", "0"));
  }

  @Test
  void printoutStatesTheFailModeAndIsRunnable() {
    String bypass = NetScriptPrinter.print(NetPlan.of(config("")), "gw.yaml", false);
    assertThat(bypass).startsWith("#!/bin/sh\n").contains("BYPASSES the proxy")
        .contains("sysctl -w net.ipv4.conf.lan0.send_redirects=0")
        .contains("ip -4 rule add fwmark 0x1/0x1 lookup 100")
        .contains("ip -4 route add local 0.0.0.0/0 dev lo table 100")
        .contains("nft -f - <<'EOF'\nadd table inet gateway_tproxy");
    String drop = NetScriptPrinter.print(NetPlan.of(config("proxy: {transparent: {when_down: drop}}\n")), "gw.yaml", false);
    assertThat(drop).contains("is DROPPED (when_down: drop)");
  }

  @Test
  void iptablesVariantIsTheOriginalMangleSetup() {
    String ipt = NetScriptPrinter.print(NetPlan.of(config("")), "gw.yaml", true);
    assertThat(ipt)
        .contains("iptables -t mangle -N DIVERT")
        .contains("iptables -t mangle -A PREROUTING -p tcp ! --syn -m socket --transparent -j DIVERT")
        .contains("iptables -t mangle -A PREROUTING -m addrtype --dst-type LOCAL -j RETURN")
        .contains("-p tcp --dport 80 -j TPROXY --tproxy-mark 0x1/0x1 --on-port 3129")
        .contains("is DROPPED (iptables' TPROXY target drops")
        .doesNotContain("-t nat");
  }

  @Test
  void sysctlKeysKeepDotsOfVlanInterfaces() {
    assertThat(NetScriptPrinter.sysctlKey("ipv4/conf/lan0.10/send_redirects"))
        .isEqualTo("net.ipv4.conf.lan0/10.send_redirects");
  }
}
