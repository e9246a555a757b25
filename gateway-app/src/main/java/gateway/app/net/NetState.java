package gateway.app.net;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code net apply} changed, so that {@code net revert} removes exactly that and nothing
 * else: the plan as applied (the config may change in between), the policy rules and routes it
 * added (not those that were already there), and each sysctl's value before.
 */
public record NetState(NetPlan plan, List<String> addedRules, List<String> addedRoutes,
    Map<String, String> previousSysctls) {
  public NetState {
    addedRules = List.copyOf(addedRules);
    addedRoutes = List.copyOf(addedRoutes);
    previousSysctls = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(previousSysctls));
  }
}
