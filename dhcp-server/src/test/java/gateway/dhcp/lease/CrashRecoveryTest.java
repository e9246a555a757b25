package gateway.dhcp.lease;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.config.AddressRange;
import gateway.dhcp.config.DhcpConfig;
import gateway.dhcp.config.SubnetConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash (kill -9, power loss) can cut the journal at any byte. For every cut point of a long
 * random workload, recovery must give exactly the holdings that were durable at that point, and
 * a restarted server must never hand an address that was ACKed (durable) to another client.
 */
class CrashRecoveryTest {
    private static final SubnetConfig LAN = SubnetConfig.of("lan0", Ipv4.parse("192.0.2.1"), 24,
            AddressRange.parse("192.0.2.100-192.0.2.111")).withLeaseTime(Duration.ofMinutes(10));
    private static final DhcpConfig CONFIG = DhcpConfig.defaults().withSubnets(List.of(LAN));

    @TempDir
    Path dir;

    private record Point(long fileLength, Instant now, Map<Ipv4, ClientKey> holdings) {
    }

    @Test
    void everyCutPointRecoversTheDurableStateAndNeverDoubleAssigns() throws Exception {
        Path f = dir.resolve("leases.journal");
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        LeaseTable table = new LeaseTable();
        List<Point> points = new ArrayList<>();
        Random random = new Random(42);
        long end;
        try (LeaseJournal journal = LeaseJournal.open(f, table)) {
            LeaseAllocator a = new LeaseAllocator(CONFIG, table, journal, clock);
            points.add(new Point(0, clock.instant(), holdings(table, clock.instant())));
            for (int op = 0; op < 400; op++) {
                ClientInfo c = LeaseAllocatorTest.client(random.nextInt(20));
                switch (random.nextInt(10)) {
                    case 0, 1, 2, 3 -> {
                        Decision d = a.discover(LAN, c, Optional.empty());
                        if (d instanceof Decision.Offer o) {
                            Decision r = a.request(LAN, c, Ipv4.ANY, Optional.of(o.lease().address()),
                                    Optional.of(LAN.serverAddress()));
                            if (r instanceof Decision.Ack ack) {
                                journal.sync();
                                ack.durable().get(); // the server sends the ACK only now
                            }
                        }
                    }
                    case 4, 5 -> a.leaseOf(c.key()).ifPresent(l -> a.request(LAN, c, l.address(), Optional.empty(), Optional.empty()));
                    case 6 -> a.leaseOf(c.key()).ifPresent(l -> a.release(c, l.address()));
                    case 7 -> a.leaseOf(c.key()).ifPresent(l -> a.decline(c, l.address()));
                    case 8 -> clock.advance(Duration.ofMinutes(3));
                    default -> a.reclaim();
                }
                journal.sync();
                points.add(new Point(journal.position(), clock.instant(), holdings(table, clock.instant())));
            }
            end = journal.position();
        }
        byte[] full = Files.readAllBytes(f);
        assertThat(points.get(points.size() - 1).holdings()).isNotEmpty();
        int cuts = 0;
        for (int cut = 0; cut <= end + 100; cut += 1 + cut % 13) {
            Point durable = lastDurable(points, cut);
            Path copy = dir.resolve("cut.journal");
            // what was written before the crash, then the preallocated zeros (alternately: a shorter file)
            byte[] crashed = Arrays.copyOf(full, cut);
            Files.write(copy, cut % 2 == 0 ? Arrays.copyOf(crashed, (int) end + 200) : crashed);
            LeaseTable recovered = new LeaseTable();
            if (cuts % 10 == 0) {
                LeaseJournal.open(copy, recovered).close(); // the server's recovery: cuts the tail, preallocates, fsyncs
            } else {
                LeaseJournal.read(copy).forEach(recovered::apply); // same replay, read-only and fast
            }
            assertThat(holdings(recovered, durable.now())).as("cut at %d", cut).isEqualTo(durable.holdings());
            // restart: new clients ask for every address, none gets one that is durably held
            LeaseAllocator restarted = new LeaseAllocator(CONFIG, recovered, LeaseStore.MEMORY,
                    new MutableClock(durable.now()));
            for (int n = 100; n < 115; n++) {
                ClientInfo stranger = LeaseAllocatorTest.client(n);
                Decision d = restarted.discover(LAN, stranger, Optional.empty());
                if (d instanceof Decision.Offer o) {
                    assertThat(durable.holdings()).as("cut %d", cut).doesNotContainKey(o.lease().address());
                    Decision ack = restarted.request(LAN, stranger, Ipv4.ANY, Optional.of(o.lease().address()),
                            Optional.of(LAN.serverAddress()));
                    assertThat(ack).isInstanceOf(Decision.Ack.class);
                }
            }
            cuts++;
        }
        assertThat(cuts).isGreaterThan(400);
    }

    private static Point lastDurable(List<Point> points, long cut) {
        Point best = points.get(0);
        for (Point p : points) {
            if (p.fileLength() <= cut) {
                best = p;
            }
        }
        return best;
    }

    private static Map<Ipv4, ClientKey> holdings(LeaseTable t, Instant now) {
        Map<Ipv4, ClientKey> m = new HashMap<>();
        for (Lease l : t.all()) {
            if (l.state() == LeaseState.BOUND && l.expires().isAfter(now)) {
                m.put(l.address(), l.client());
            }
        }
        return m;
    }
}
