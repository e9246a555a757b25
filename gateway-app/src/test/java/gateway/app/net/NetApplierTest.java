package gateway.app.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gateway.app.config.ProxySection.WhenDown;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetApplierTest {
  /** A kernel in memory: rules, routes, tables and sysctls as sets and maps. */
  static final class FakeKernel implements SystemNet {
    final Set<String> rules = new LinkedHashSet<>();
    final Set<String> routes = new LinkedHashSet<>();
    final Set<String> tables = new LinkedHashSet<>();
    final Map<String, String> sysctls = new HashMap<>();
    final List<String> log = new ArrayList<>();
    String failOn;

    @Override
    public String run(List<String> command, String stdin) {
      String line = String.join(" ", command);
      log.add(line);
      if (failOn != null && line.contains(failOn)) {
        throw new NetException("'" + line + "' failed (exit 2): simulated");
      }
      if (line.startsWith("nft -f -")) {
        if (stdin.startsWith("delete table inet ")) {
          tables.remove(stdin.substring("delete table inet ".length()).strip());
        } else {
          tables.add(stdin.lines().filter(l -> l.startsWith("table inet ")).findFirst().orElseThrow()
              .replace("table inet ", "").replace(" {", ""));
        }
        return "";
      }
      if (line.equals("nft list tables inet")) {
        return tables.stream().map(t -> "table inet " + t + "\n").reduce("", String::concat);
      }
      String family = command.get(1);
      if (line.contains(" rule show")) {
        return rules.stream().filter(r -> r.startsWith(family)).map(r -> "32765: from all " + r.substring(3) + "\n")
            .reduce("", String::concat);
      }
      if (line.contains(" rule add ")) {
        rules.add(family + " fwmark " + command.get(5) + " lookup " + command.get(7));
        return "";
      }
      if (line.contains(" rule del ")) {
        rules.remove(family + " fwmark " + command.get(5) + " lookup " + command.get(7));
        return "";
      }
      if (line.contains(" route show table all")) {
        return routes.stream().filter(r -> r.startsWith(family)).map(r -> r.substring(3) + "\n")
            .reduce("", String::concat);
      }
      if (line.contains(" route add ")) {
        routes.add(family + " local default dev lo table " + command.get(9) + " scope host");
        return "";
      }
      if (line.contains(" route del ")) {
        routes.removeIf(r -> r.startsWith(family + " local default dev lo table " + command.get(9) + " "));
        return "";
      }
      throw new AssertionError("unexpected command " + line);
    }

    @Override
    public String readSysctl(String path) {
      String v = sysctls.get(path);
      if (v == null) {
        throw new NetException("sysctl net/" + path + " does not exist");
      }
      return v;
    }

    @Override
    public void writeSysctl(String path, String value) {
      readSysctl(path);
      sysctls.put(path, value);
    }

    String snapshot() {
      return rules + " " + routes + " " + tables + " " + new java.util.TreeMap<>(sysctls);
    }
  }

  private final FakeKernel kernel = new FakeKernel();
  private final NetPlan plan = new NetPlan("lan0", 3129, 1, 100, "gateway_tproxy", WhenDown.BYPASS, true);

  NetApplierTest() {
    kernel.sysctls.put("ipv4/ip_forward", "0");
    kernel.sysctls.put("ipv4/conf/all/send_redirects", "1");
    kernel.sysctls.put("ipv4/conf/lan0/send_redirects", "1");
    kernel.sysctls.put("ipv6/conf/all/forwarding", "1"); // already on: must stay on after revert
    kernel.rules.add("-6 fwmark 0x1/0x1 lookup 100");     // someone else's: must survive revert
  }

  @Test
  void applyThenRevertLeavesTheKernelExactlyAsBefore() {
    String before = kernel.snapshot();
    NetApplier applier = new NetApplier(kernel);
    NetState state = applier.apply(plan, Optional.empty());
    assertThat(kernel.tables).containsExactly("gateway_tproxy");
    assertThat(kernel.rules).contains("-4 fwmark 0x1/0x1 lookup 100");
    assertThat(kernel.sysctls).containsEntry("ipv4/ip_forward", "1").containsEntry("ipv4/conf/lan0/send_redirects", "0");
    assertThat(state.addedRules()).containsExactly("-4");
    assertThat(state.addedRoutes()).containsExactly("-4", "-6");
    applier.revert(state);
    assertThat(kernel.snapshot()).isEqualTo(before);
  }

  @Test
  void applyingTwiceIsIdempotentAndKeepsTheFirstRecord() {
    String before = kernel.snapshot();
    NetApplier applier = new NetApplier(kernel);
    NetState first = applier.apply(plan, Optional.empty());
    String applied = kernel.snapshot();
    NetState second = applier.apply(plan, Optional.of(first));
    assertThat(kernel.snapshot()).isEqualTo(applied);
    assertThat(second).isEqualTo(first);
    applier.revert(second);
    assertThat(kernel.snapshot()).isEqualTo(before);
  }

  @Test
  void aFailedStepRollsBackWhatWasDone() {
    String before = kernel.snapshot();
    kernel.failOn = "nft -f -";
    assertThatThrownBy(() -> new NetApplier(kernel).apply(plan, Optional.empty()))
        .isInstanceOf(NetException.class).hasMessageStartingWith("apply failed and was rolled back");
    kernel.failOn = null;
    assertThat(kernel.snapshot()).isEqualTo(before);
  }

  @Test
  void aMissingInterfaceFailsBeforeAnythingChanges() {
    kernel.sysctls.remove("ipv4/conf/lan0/send_redirects");
    String before = kernel.snapshot();
    assertThatThrownBy(() -> new NetApplier(kernel).apply(plan, Optional.empty()))
        .hasMessageContaining("ipv4/conf/lan0/send_redirects does not exist");
    assertThat(kernel.snapshot()).isEqualTo(before);
    assertThat(kernel.log).noneMatch(l -> l.contains(" add "));
  }

  @Test
  void aChangedConfigIsRevertedBeforeTheNewOneIsApplied() {
    String before = kernel.snapshot();
    NetApplier applier = new NetApplier(kernel);
    NetState old = applier.apply(plan, Optional.empty());
    NetPlan moved = new NetPlan("lan0", 3129, 2, 101, "gateway_tproxy", WhenDown.DROP, false);
    NetState now = applier.apply(moved, Optional.of(old));
    assertThat(kernel.rules).doesNotContain("-4 fwmark 0x1/0x1 lookup 100").contains("-4 fwmark 0x2/0x2 lookup 101");
    applier.revert(now);
    assertThat(kernel.snapshot()).isEqualTo(before);
  }
}
