package gateway.dhcp.server;

import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.config.AddressRange;
import gateway.dhcp.config.DhcpConfig;
import gateway.dhcp.config.Reservation;
import gateway.dhcp.config.SubnetConfig;
import gateway.dhcp.lease.Lease;
import gateway.dhcp.lease.LeaseListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a DhcpServer inside a test namespace (started with ip netns exec). Prints READY or
 * FAILED: reason, then one line per lease event, and stops when stdin closes.
 * Args: --lease-file P, --pool a-b, --probe-ms N, --go-ahead, --reserve mac=ip, --reserved-only.
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path leaseFile = null;
        String pool = "192.0.2.50-192.0.2.60";
        long probeMs = 0;
        boolean goAhead = false;
        boolean reservedOnly = false;
        List<Reservation> reservations = new ArrayList<>();
        String iface = "lan0";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--lease-file" -> leaseFile = Path.of(args[++i]);
                case "--pool" -> pool = args[++i];
                case "--probe-ms" -> probeMs = Long.parseLong(args[++i]);
                case "--go-ahead" -> goAhead = true;
                case "--iface" -> iface = args[++i];
                case "--reserved-only" -> reservedOnly = true;
                case "--reserve" -> {
                    String[] kv = args[++i].split("=");
                    reservations.add(Reservation.byMac(kv[0], Ipv4.parse(kv[1]), "reserved"));
                }
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        SubnetConfig lan = new SubnetConfig(iface, Ipv4.parse("192.0.2.1"), 24, List.of(AddressRange.parse(pool)),
                List.of(), List.of(), List.of(), Optional.of("home.test"), List.of(), List.of(), Duration.ofMinutes(10));
        DhcpConfig config = DhcpConfig.defaults().withSubnets(List.of(lan)).withReservations(reservations, reservedOnly)
                .withLeaseFile(leaseFile).withProbes(Duration.ZERO, Duration.ofMillis(probeMs), goAhead);
        LeaseListener events = new LeaseListener() {
            @Override
            public void granted(Lease l) {
                System.out.println("EVENT granted " + l.address() + " " + l.mac() + " " + l.hostName().orElse("-"));
            }

            @Override
            public void released(Lease l) {
                System.out.println("EVENT released " + l.address());
            }
        };
        DhcpServer server = DhcpServer.builder().config(config).leaseListener(events).build();
        try {
            server.start();
        } catch (Exception e) {
            System.out.println("FAILED: " + e.getMessage());
            System.out.flush();
            System.exit(3);
        }
        System.out.println("READY " + server.boundAddresses());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        while (in.readLine() != null) {
            // wait for the test to close stdin
        }
        server.stop(Duration.ofSeconds(2));
        System.out.println("STOPPED");
        System.exit(0);
    }
}
