package gateway.app.config;

import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.config.StaticRoute;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code dhcp} section: the DHCPv4 server. Off unless {@code enabled: true} and a pool is
 * given: a DHCP server that starts by accident breaks a network. Router and DNS server handed out
 * are the gateway ({@code lan.address}), the domain is {@code lan.domain}.
 *
 * @param leaseFile the lease journal; a relative path is inside {@code data_dir}
 */
public record DhcpSection(
    boolean enabled,
    String interfaceName,
    Optional<Pool> pool,
    List<InetAddress> exclude,
    Duration leaseTime,
    List<String> routes,
    List<InetAddress> ntpServers,
    boolean reservedOnly,
    List<Reservation> reservations,
    Path leaseFile,
    Duration conflictProbeTimeout,
    Duration otherServerProbe,
    boolean startDespiteOtherServer,
    Duration declineHold,
    int perClientPerMinute,
    int allClientsPerSecond) {

  /** A range of addresses handed out, both ends included, inside the LAN subnet. */
  public record Pool(InetAddress start, InetAddress end) {}

  /** A fixed address for one client, by MAC or by DHCP client identifier (hex). */
  public record Reservation(
      Optional<String> mac, Optional<String> clientId, InetAddress address, Optional<String> hostName) {}

  public DhcpSection {
    exclude = List.copyOf(exclude);
    routes = List.copyOf(routes);
    ntpServers = List.copyOf(ntpServers);
    reservations = List.copyOf(reservations);
    java.util.Objects.requireNonNull(leaseFile, "leaseFile");
  }

  static DhcpSection off() {
    return new DhcpSection(false, "", Optional.empty(), List.of(), Duration.ofHours(1), List.of(),
        List.of(), false, List.of(), Path.of("dhcp-leases.journal"), Duration.ofMillis(300), Duration.ofSeconds(3),
        false, Duration.ofHours(1), 60, 200);
  }

  static DhcpSection read(ConfigNode n, LanConfig lan) {
    DhcpSection d = off();
    boolean enabled = n.bool("enabled", false);
    String iface = n.string("interface", lan == null ? "" : lan.interfaceName());
    Optional<Pool> pool = Optional.empty();
    if (n.has("pool")) {
      ConfigNode p = n.object("pool");
      InetAddress start = p.parse("start", null, DhcpSection::ipv4);
      InetAddress end = p.parse("end", null, DhcpSection::ipv4);
      if (!p.has("start")) {
        p.error("start", "is required");
      }
      if (!p.has("end")) {
        p.error("end", "is required");
      }
      if (lan != null) {
        inside(p, "start", start, lan);
        inside(p, "end", end, lan);
      }
      if (start != null && end != null && compare(start, end) > 0) {
        p.error("end", end.getHostAddress() + " is before pool.start " + start.getHostAddress());
      }
      p.finish();
      if (start != null && end != null) {
        pool = Optional.of(new Pool(start, end));
      }
    } else if (enabled) {
      n.error("pool", "is required when dhcp is enabled (the range of addresses to hand out)");
    }
    List<InetAddress> exclude = n.list("exclude", List.of(), DhcpSection::ipv4);
    Duration leaseTime = n.duration("lease_time", d.leaseTime());
    if (leaseTime.toSeconds() < 60) {
      n.error("lease_time", "must be at least 1m");
      leaseTime = d.leaseTime();
    }
    List<String> routes = n.list("routes", List.of(), r -> {
      StaticRoute.parse(r); // validates "203.0.113.0/24 via 192.0.2.254"
      return r;
    });
    List<InetAddress> ntp = n.list("ntp_servers", List.of(), DhcpSection::ipv4);
    boolean reservedOnly = n.bool("reserved_only", false);
    List<Reservation> reservations = readReservations(n, lan);
    Path leaseFile = n.parse("lease_file", d.leaseFile(), Path::of);
    Duration probe = n.duration("conflict_probe_timeout", d.conflictProbeTimeout());
    if (probe.toMillis() > 5000) {
      n.error("conflict_probe_timeout", "must be at most 5s (0 turns the check off)");
      probe = d.conflictProbeTimeout();
    }
    Duration other = n.duration("other_server_probe", d.otherServerProbe());
    if (other.toSeconds() > 30) {
      n.error("other_server_probe", "must be at most 30s (0 skips the probe)");
      other = d.otherServerProbe();
    }
    boolean goAhead = n.bool("start_despite_other_server", false);
    Duration declineHold = n.duration("decline_hold", d.declineHold());
    int perClient = d.perClientPerMinute();
    int all = d.allClientsPerSecond();
    if (n.has("rate_limit")) {
      ConfigNode r = n.object("rate_limit");
      perClient = r.integer("per_client_per_minute", perClient, 1, 100_000);
      all = r.integer("all_per_second", all, 1, 1_000_000);
      r.finish();
    }
    if (reservedOnly && reservations.isEmpty()) {
      n.error("reserved_only", "is true but there are no reservations: no client would get an address");
    }
    n.finish();
    return new DhcpSection(enabled, iface, pool, exclude, leaseTime, routes, ntp, reservedOnly,
        reservations, leaseFile, probe, other, goAhead, declineHold, perClient, all);
  }

  private static List<Reservation> readReservations(ConfigNode n, LanConfig lan) {
    List<Reservation> out = new ArrayList<>();
    Set<String> clients = new HashSet<>();
    Set<InetAddress> addresses = new HashSet<>();
    for (ConfigNode r : n.objects("reservations")) {
      Optional<String> mac = r.optString("mac").map(m -> m.trim().toLowerCase(Locale.ROOT));
      Optional<String> clientId = r.optString("client_id").map(c -> c.trim().toLowerCase(Locale.ROOT));
      InetAddress address = r.parse("address", null, DhcpSection::ipv4);
      Optional<String> host = r.optString("host_name");
      if (!r.has("address")) {
        r.error("address", "is required");
      }
      if (mac.isPresent() == clientId.isPresent()) {
        r.error("mac", "give either mac or client_id");
      }
      Reservation res = null;
      try {
        if (address != null && mac.isPresent() != clientId.isPresent()) {
          // the dhcp module's record validates the MAC, client id and host name
          gateway.dhcp.config.Reservation checked = new gateway.dhcp.config.Reservation(mac, clientId,
              Ipv4.of(address), host);
          res = new Reservation(checked.mac(), checked.clientId(), address, checked.hostName());
        }
      } catch (IllegalArgumentException e) {
        r.error(mac.isPresent() ? "mac" : "client_id", e.getMessage());
      }
      if (address != null && lan != null && !lan.subnet().contains(address)) {
        r.error("address", address.getHostAddress() + " is outside lan.subnet " + lan.subnet());
        res = null;
      }
      r.finish();
      if (res != null) {
        if (!clients.add(res.mac().orElse("") + "/" + res.clientId().orElse(""))) {
          r.error("mac", "this client is reserved twice");
        } else if (!addresses.add(address)) {
          r.error("address", address.getHostAddress() + " is reserved twice");
        } else {
          out.add(res);
        }
      }
    }
    return out;
  }

  private static InetAddress ipv4(String text) {
    InetAddress a = IpAddresses.parse(text);
    if (!(a instanceof Inet4Address)) {
      throw new IllegalArgumentException("DHCPv4 needs an IPv4 address, not " + text);
    }
    return a;
  }

  private static void inside(ConfigNode p, String key, InetAddress a, LanConfig lan) {
    if (a != null && !lan.subnet().contains(a)) {
      p.error(key, a.getHostAddress() + " is outside lan.subnet " + lan.subnet());
    } else if (a != null && a.equals(lan.address())) {
      p.error(key, a.getHostAddress() + " is the gateway's own address (lan.address)");
    }
  }

  private static int compare(InetAddress a, InetAddress b) {
    return Arrays.compareUnsigned(a.getAddress(), b.getAddress());
  }

  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", enabled);
    m.put("interface", interfaceName);
    pool.ifPresent(p -> {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("start", p.start().getHostAddress());
      pm.put("end", p.end().getHostAddress());
      m.put("pool", pm);
    });
    m.put("exclude", exclude.stream().map(InetAddress::getHostAddress).toList());
    m.put("lease_time", Durations.format(leaseTime));
    m.put("routes", routes);
    m.put("ntp_servers", ntpServers.stream().map(InetAddress::getHostAddress).toList());
    m.put("reserved_only", reservedOnly);
    List<Map<String, Object>> rs = new ArrayList<>();
    for (Reservation r : reservations) {
      Map<String, Object> rm = new LinkedHashMap<>();
      r.mac().ifPresent(x -> rm.put("mac", x));
      r.clientId().ifPresent(x -> rm.put("client_id", x));
      rm.put("address", r.address().getHostAddress());
      r.hostName().ifPresent(x -> rm.put("host_name", x));
      rs.add(rm);
    }
    m.put("reservations", rs);
    m.put("lease_file", leaseFile.toString());
    m.put("conflict_probe_timeout", Durations.format(conflictProbeTimeout));
    m.put("other_server_probe", Durations.format(otherServerProbe));
    m.put("start_despite_other_server", startDespiteOtherServer);
    m.put("decline_hold", Durations.format(declineHold));
    Map<String, Object> rl = new LinkedHashMap<>();
    rl.put("per_client_per_minute", perClientPerMinute);
    rl.put("all_per_second", allClientsPerSecond);
    m.put("rate_limit", rl);
    return m;
  }
}
