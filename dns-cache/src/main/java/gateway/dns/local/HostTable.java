package gateway.dns.local;

import gateway.dns.codec.WireName;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.xbill.DNS.Name;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TextParseException;

/**
 * Name ↔ address table of the LAN: static entries (config, hosts files) that never change,
 * plus dynamic entries from DHCP leases. Lookups union both; removing a lease never removes a
 * static entry.
 */
public final class HostTable implements LocalNames {

  /** RFC 952/1123 host label: letters, digits, hyphen, not at the ends, 1-63 chars. */
  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  private final Name domain;
  private final Map<Name, Set<InetAddress>> staticForward = new ConcurrentHashMap<>();
  private final Map<Name, Set<Name>> staticReverse = new ConcurrentHashMap<>();
  private final Map<Name, Set<InetAddress>> leaseForward = new ConcurrentHashMap<>();
  private final Map<Name, Set<Name>> leaseReverse = new ConcurrentHashMap<>();
  /** Every name with an entry in any of the maps, as wire bytes: the fast path's check. */
  private final Set<WireName> named = ConcurrentHashMap.newKeySet();

  public HostTable(Name domain) {
    this.domain = Objects.requireNonNull(domain, "domain").canonicalize();
  }

  /**
   * Adds a static entry. Names without a dot go under the LAN domain; names with dots are
   * taken as they are (hosts files name e.g. {@code nas.example.org}).
   */
  public synchronized void addStatic(String name, InetAddress address) {
    Name n = staticName(name);
    Name reverse = ReverseMap.fromAddress(address).canonicalize();
    put(staticForward, n, address);
    put(staticReverse, reverse, n);
    named.add(WireName.of(n));
    named.add(WireName.of(reverse));
  }

  /**
   * Replaces every static entry by {@code entries} (name, address) in one step: each name is
   * checked first, so a bad one changes nothing (IllegalArgumentException). Readers see, per
   * name, the old or the new addresses, never none in between. For hosts files that changed.
   */
  public synchronized void replaceStatic(List<Map.Entry<String, InetAddress>> entries) {
    Map<Name, Set<InetAddress>> forward = new java.util.HashMap<>();
    Map<Name, Set<Name>> reverse = new java.util.HashMap<>();
    for (Map.Entry<String, InetAddress> e : entries) {
      Name n = staticName(e.getKey());
      forward.computeIfAbsent(n, k -> new HashSet<>()).add(e.getValue());
      reverse.computeIfAbsent(ReverseMap.fromAddress(e.getValue()).canonicalize(),
          k -> new HashSet<>()).add(n);
    }
    swap(staticForward, forward);
    swap(staticReverse, reverse);
  }

  private <V> void swap(Map<Name, Set<V>> current, Map<Name, Set<V>> next) {
    for (Map.Entry<Name, Set<V>> e : next.entrySet()) {
      current.put(e.getKey(), Set.copyOf(e.getValue()));
      named.add(WireName.of(e.getKey()));
    }
    for (Name gone : List.copyOf(current.keySet())) {
      if (!next.containsKey(gone)) {
        current.remove(gone);
        forgetIfUnused(gone);
      }
    }
  }

  @Override
  public synchronized boolean add(String hostName, InetAddress address) {
    Name n = leaseName(hostName);
    if (n == null || address == null) {
      return false;
    }
    Name reverse = ReverseMap.fromAddress(address).canonicalize();
    put(leaseForward, n, address);
    put(leaseReverse, reverse, n);
    named.add(WireName.of(n));
    named.add(WireName.of(reverse));
    return true;
  }

  @Override
  public synchronized boolean remove(String hostName, InetAddress address) {
    Name n = leaseName(hostName);
    if (n == null || address == null) {
      return false;
    }
    Name reverse = ReverseMap.fromAddress(address).canonicalize();
    boolean removed = take(leaseForward, n, address);
    take(leaseReverse, reverse, n);
    forgetIfUnused(n);
    forgetIfUnused(reverse);
    return removed;
  }

  /**
   * True when {@code name} has an entry (address or PTR, static or leased). Lock-free, for the
   * cache-hit fast path, which must leave local names to the authoritative answer.
   */
  public boolean contains(WireName name) {
    return named.contains(name);
  }

  private void forgetIfUnused(Name n) {
    if (!staticForward.containsKey(n) && !leaseForward.containsKey(n)
        && !staticReverse.containsKey(n) && !leaseReverse.containsKey(n)) {
      named.remove(WireName.of(n));
    }
  }

  /** Addresses of {@code name} (static and leased); empty when unknown. */
  public Set<InetAddress> addresses(Name name) {
    Name n = name.canonicalize();
    return union(staticForward.get(n), leaseForward.get(n));
  }

  /** Names for a reverse-lookup name such as {@code 5.2.0.192.in-addr.arpa.}. */
  public Set<Name> names(Name reverseName) {
    Name n = reverseName.canonicalize();
    return union(staticReverse.get(n), leaseReverse.get(n));
  }

  /** True when some entry lives strictly below {@code name} (an empty non-terminal). */
  public boolean hasNamesBelow(Name name) {
    Name n = name.canonicalize();
    for (Map<Name, ?> m : List.of(staticForward, leaseForward, staticReverse, leaseReverse)) {
      for (Name k : m.keySet()) {
        if (!k.equals(n) && k.subdomain(n)) {
          return true;
        }
      }
    }
    return false;
  }

  private Name staticName(String name) {
    try {
      String s = name.trim();
      if (s.endsWith(".")) {
        return Name.fromString(s).canonicalize();
      }
      Name relative = Name.fromString(s);
      return (s.contains(".") ? Name.concatenate(relative, Name.root)
          : Name.concatenate(relative, domain)).canonicalize();
    } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
      throw new IllegalArgumentException("not a host name: '" + name + "'", e);
    }
  }

  /** A lease name as a name under the LAN domain, or null if it is not one label. */
  private Name leaseName(String hostName) {
    if (hostName == null) {
      return null;
    }
    String s = hostName.trim();
    String suffix = "." + domain.toString(true);
    if (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.toLowerCase(java.util.Locale.ROOT).endsWith(suffix)) {
      s = s.substring(0, s.length() - suffix.length());
    }
    if (!LABEL.matcher(s).matches()) {
      return null;
    }
    try {
      return Name.concatenate(Name.fromString(s), domain).canonicalize();
    } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
      return null;
    }
  }

  private static <V> void put(Map<Name, Set<V>> map, Name key, V value) {
    map.compute(key, (k, old) -> {
      Set<V> s = old == null ? new HashSet<>() : new HashSet<>(old);
      s.add(value);
      return Set.copyOf(s);
    });
  }

  private static <V> boolean take(Map<Name, Set<V>> map, Name key, V value) {
    boolean[] removed = {false};
    map.computeIfPresent(key, (k, old) -> {
      if (!old.contains(value)) {
        return old;
      }
      removed[0] = true;
      Set<V> s = new HashSet<>(old);
      s.remove(value);
      return s.isEmpty() ? null : Set.copyOf(s);
    });
    return removed[0];
  }

  private static <V> Set<V> union(Set<V> a, Set<V> b) {
    if (a == null) {
      return b == null ? Set.of() : b;
    }
    if (b == null) {
      return a;
    }
    Set<V> s = new HashSet<>(a);
    s.addAll(b);
    return s;
  }
}
