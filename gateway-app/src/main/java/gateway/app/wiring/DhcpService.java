package gateway.app.wiring;

import gateway.app.config.DhcpSection;
import gateway.app.config.GatewayConfig;
import gateway.app.lifecycle.Listener;
import gateway.app.lifecycle.StatefulService;
import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.config.AddressRange;
import gateway.dhcp.config.DhcpConfig;
import gateway.dhcp.config.Reservation;
import gateway.dhcp.config.StaticRoute;
import gateway.dhcp.config.SubnetConfig;
import gateway.dhcp.lease.Lease;
import gateway.dhcp.lease.LeaseListener;
import gateway.dhcp.metrics.DhcpCounters;
import gateway.dhcp.server.DhcpServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The dhcp-server as a {@link gateway.app.lifecycle.ManagedService}; the admin routes read leases and counters here. */
public final class DhcpService extends StatefulService {
  private final DhcpServer server;
  private final DhcpCounters counters = new DhcpCounters();

  /**
   * The server keeps its own one-thread event loop rather than the shared {@link EventLoops}: the
   * lease journal's compaction (a rewrite and two fsyncs, now and then) runs on that loop, and
   * must not stall the proxy's or the DNS cache's channels.
   */
  DhcpService(GatewayConfig config, LeaseListener events) {
    this.server = DhcpServer.builder()
        .config(toDhcpConfig(config))
        .leaseListener(events)
        .listener(counters)
        .build();
  }

  /** The module's config from the gateway's: router, DNS and domain come from {@code lan}. */
  static DhcpConfig toDhcpConfig(GatewayConfig config) {
    DhcpSection d = config.dhcp();
    if (!d.enabled() || d.pool().isEmpty()) {
      return DhcpConfig.defaults(); // serves nothing; start() refuses
    }
    SubnetConfig lan = new SubnetConfig(
        d.interfaceName(),
        Ipv4.of(config.lan().address()),
        config.lan().subnet().prefixLength(),
        List.of(new AddressRange(Ipv4.of(d.pool().get().start()), Ipv4.of(d.pool().get().end()))),
        d.exclude().stream().map(Ipv4::of).toList(),
        List.of(),
        List.of(),
        Optional.of(config.lan().domain()),
        d.ntpServers().stream().map(Ipv4::of).toList(),
        d.routes().stream().map(StaticRoute::parse).toList(),
        d.leaseTime());
    List<Reservation> reservations = d.reservations().stream()
        .map(r -> new Reservation(r.mac(), r.clientId(), Ipv4.of(r.address()), r.hostName()))
        .toList();
    return new DhcpConfig(List.of(lan), reservations, d.reservedOnly(),
        Optional.of(leaseFile(config)), d.conflictProbeTimeout(), d.otherServerProbe(),
        d.startDespiteOtherServer(), d.declineHold(), d.perClientPerMinute(), d.allClientsPerSecond());
  }

  /** The journal: {@code dhcp.lease_file}, relative to {@code data_dir}. */
  public static Path leaseFile(GatewayConfig config) {
    return config.dataDir().resolve(config.dhcp().leaseFile());
  }

  public List<Lease> leases() {
    return server.leases();
  }

  public DhcpCounters counters() {
    return counters;
  }

  @Override
  public String name() {
    return "dhcp";
  }

  @Override
  public int startOrder() {
    return 20;
  }

  @Override
  protected void startServing() throws Exception {
    server.start();
  }

  @Override
  public List<Listener> listeners() {
    return server.boundAddresses().stream().map(Listener::udp).toList();
  }


  @Override
  protected void stopServing(Duration drain) {
    server.stop(drain);
  }

  /** For lease events: an IPv4 lease address as the JDK type DNS wants. */
  static InetAddress address(Lease l) {
    return l.address().toInet();
  }
}
