package gateway.app.net;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link NetPlan} and reverts it, exactly.
 *
 * <p>Apply order: sysctls, routes, policy rules, then the nft table (one atomic transaction), so
 * that nothing is diverted before it can be delivered. Applying twice changes nothing the second
 * time, and keeps the first apply's record of what was there before. Revert runs in reverse and
 * touches only what the record says was added.
 */
public final class NetApplier {
  private static final Logger log = LoggerFactory.getLogger(NetApplier.class);

  private final SystemNet system;

  public NetApplier(SystemNet system) {
    this.system = system;
  }

  public NetState apply(NetPlan plan, Optional<NetState> previous) {
    if (previous.isPresent() && !previous.get().plan().equals(plan)) {
      // the config changed since the last apply: undo that one first, so revert stays exact
      revert(previous.get());
      previous = Optional.empty();
    }
    // read every old value before changing anything: a missing interface fails here, cleanly
    Map<String, String> before = new LinkedHashMap<>(previous.map(NetState::previousSysctls).orElse(Map.of()));
    Map<String, String> current = new LinkedHashMap<>();
    for (String key : plan.sysctls().keySet()) {
      current.put(key, system.readSysctl(key));
    }
    NetState done = new NetState(plan, previous.map(NetState::addedRules).orElse(List.of()),
        previous.map(NetState::addedRoutes).orElse(List.of()), before);
    try {
      for (Map.Entry<String, String> e : plan.sysctls().entrySet()) {
        before.putIfAbsent(e.getKey(), current.get(e.getKey()));
        done = new NetState(plan, done.addedRules(), done.addedRoutes(), before);
        if (!current.get(e.getKey()).equals(e.getValue())) {
          system.writeSysctl(e.getKey(), e.getValue());
        }
      }
      for (String family : plan.families()) {
        if (!hasLocalDefault(plan, family)) {
          system.run(plan.routeAdd(family), null);
          done = new NetState(plan, done.addedRules(), with(done.addedRoutes(), family), before);
        }
        if (!hasRule(plan, family)) {
          system.run(plan.ruleAdd(family), null);
          done = new NetState(plan, with(done.addedRules(), family), done.addedRoutes(), before);
        }
      }
      system.run(List.of("nft", "-f", "-"), plan.nftApplyScript());
    } catch (NetException e) {
      // leave the machine as it was, not half set up
      try {
        revert(done);
      } catch (NetException second) {
        e.addSuppressed(second);
      }
      throw new NetException("apply failed and was rolled back: " + e.getMessage(), e);
    }
    log.info("net: applied nft table inet {}, {} and the local route in table {}", plan.table(),
        plan.ruleSelector(), plan.routeTable());
    return done;
  }

  private static List<String> with(List<String> list, String item) {
    if (list.contains(item)) {
      return list;
    }
    List<String> out = new ArrayList<>(list);
    out.add(item);
    return out;
  }

  /** Removes what {@code state} says was added, in reverse order; carries on past a step that fails. */
  public void revert(NetState state) {
    NetPlan plan = state.plan();
    List<String> failures = new ArrayList<>();
    step(failures, () -> {
      if (tableExists(plan)) {
        system.run(List.of("nft", "-f", "-"), plan.nftDeleteScript());
      }
    });
    for (String family : state.addedRules()) {
      step(failures, () -> {
        if (hasRule(plan, family)) {
          system.run(plan.ruleDelete(family), null);
        }
      });
    }
    for (String family : state.addedRoutes()) {
      step(failures, () -> {
        if (hasLocalDefault(plan, family)) {
          system.run(plan.routeDelete(family), null);
        }
      });
    }
    for (Map.Entry<String, String> e : state.previousSysctls().entrySet()) {
      step(failures, () -> system.writeSysctl(e.getKey(), e.getValue()));
    }
    if (!failures.isEmpty()) {
      throw new NetException("revert incomplete: " + String.join("; ", failures));
    }
    log.info("net: reverted nft table inet {}, rules {}, routes {}, sysctls {}", plan.table(),
        state.addedRules(), state.addedRoutes(), state.previousSysctls().keySet());
  }

  private static void step(List<String> failures, Runnable r) {
    try {
      r.run();
    } catch (NetException e) {
      failures.add(e.getMessage());
    }
  }

  boolean tableExists(NetPlan plan) {
    String tables = system.run(List.of("nft", "list", "tables", "inet"), null);
    return tables.lines().map(String::strip).anyMatch(l -> l.equals("table inet " + plan.table()));
  }

  private boolean hasRule(NetPlan plan, String family) {
    String rules = system.run(List.of("ip", family, "rule", "show"), null);
    return rules.lines().anyMatch(l -> l.contains(plan.ruleSelector()));
  }

  private boolean hasLocalDefault(NetPlan plan, String family) {
    String routes = system.run(plan.routeShow(family), null);
    return routes.lines().anyMatch(l -> (l + " ").startsWith(plan.localRoutePrefix()));
  }
}
