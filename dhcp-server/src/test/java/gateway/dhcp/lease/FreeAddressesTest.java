package gateway.dhcp.lease;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.config.AddressRange;
import gateway.dhcp.config.SubnetConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The index must choose exactly what a scan of the pool in config order would (RFC 2131 4.3.1 order of ours). */
class FreeAddressesTest {
    static final Ipv4 SERVER = Ipv4.parse("192.0.2.1");
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** Two ranges out of address order, overlapping at .20, with an exclusion and the server inside. */
    static final SubnetConfig LAN = new SubnetConfig("lan0", SERVER, 24,
            List.of(AddressRange.parse("192.0.2.20-192.0.2.29"), AddressRange.parse("192.0.2.1-192.0.2.20")),
            List.of(ip("192.0.2.5")), List.of(), List.of(), Optional.empty(), List.of(), List.of(), Duration.ofHours(1));
    static final Set<Ipv4> RESERVED = Set.of(ip("192.0.2.7"));

    static Ipv4 ip(String s) {
        return Ipv4.parse(s);
    }

    static Lease lease(Ipv4 a, int client, LeaseState state, Instant expires) {
        String mac = String.format("02:00:00:00:00:%02x", client);
        return new Lease(a, ClientKey.ofMac(mac), mac, Optional.empty(), expires, state);
    }

    FreeAddresses index(LeaseTable table) {
        FreeAddresses f = new FreeAddresses(LAN, RESERVED);
        table.watch(f::changed);
        return f;
    }

    @Test
    void neverUsedAddressesComeFirstInPoolOrderSkippingExcludedReservedAndServer() {
        LeaseTable table = new LeaseTable();
        FreeAddresses f = index(table);
        assertThat(f.pick(T0, a -> true)).contains(ip("192.0.2.20"));
        table.apply(lease(ip("192.0.2.20"), 1, LeaseState.RELEASED, T0));
        for (int i = 21; i <= 29; i++) {
            table.apply(lease(ip("192.0.2." + i), i, LeaseState.BOUND, T0.plusSeconds(60)));
        }
        assertThat(f.pick(T0, a -> true)).as("the second range, the server .1 left out").contains(ip("192.0.2.2"));
        assertThat(f.pick(T0, a -> !a.equals(ip("192.0.2.2")))).contains(ip("192.0.2.3"));
        Set<Ipv4> chosen = new HashSet<>();
        for (Optional<Ipv4> a = f.pick(T0, x -> true); a.isPresent() && a.get().bits() != ip("192.0.2.20").bits();
                a = f.pick(T0, x -> true)) {
            chosen.add(a.get());
            table.apply(lease(a.get(), 100 + chosen.size(), LeaseState.BOUND, T0.plusSeconds(60)));
        }
        assertThat(chosen).doesNotContain(SERVER, ip("192.0.2.5"), ip("192.0.2.7")).hasSize(16);
    }

    @Test
    void thenTheAddressFreeTheLongestIncludingBindingsThatRanOut() {
        LeaseTable table = new LeaseTable();
        FreeAddresses f = new FreeAddresses(SubnetConfig.of("lan0", SERVER, 24, AddressRange.parse("192.0.2.100-192.0.2.102")),
                Set.of());
        table.watch(f::changed);
        table.apply(lease(ip("192.0.2.100"), 1, LeaseState.RELEASED, T0.plusSeconds(20)));
        table.apply(lease(ip("192.0.2.101"), 2, LeaseState.BOUND, T0.plusSeconds(10)));
        table.apply(lease(ip("192.0.2.102"), 3, LeaseState.DECLINED, T0.plusSeconds(30)));
        assertThat(f.pick(T0, a -> true)).as("only the released one is free now").contains(ip("192.0.2.100"));
        assertThat(f.pick(T0.plusSeconds(11), a -> true)).as("the binding ran out before the release").contains(ip("192.0.2.101"));
        assertThat(f.pick(T0.plusSeconds(11), a -> !a.equals(ip("192.0.2.101")))).contains(ip("192.0.2.100"));
        assertThat(f.pick(T0, a -> !a.equals(ip("192.0.2.100")))).as("exhausted").isEmpty();
        table.remove(ip("192.0.2.102"));
        assertThat(f.pick(T0, a -> true)).as("a forgotten decline is never-used again").contains(ip("192.0.2.102"));
    }

    /** Random tables, times and offers: the index agrees with a plain scan every time. */
    @Test
    void agreesWithAScanOfThePool() {
        Random random = new Random(7);
        LeaseTable table = new LeaseTable();
        FreeAddresses f = index(table);
        for (int step = 0; step < 20_000; step++) {
            Ipv4 a = new Ipv4(0xc0000200 | random.nextInt(32));
            int client = random.nextInt(40);
            Instant expires = T0.plusSeconds(random.nextInt(100));
            switch (random.nextInt(6)) {
                case 0 -> table.remove(a);
                case 1 -> table.apply(lease(a, client, LeaseState.DECLINED, expires));
                case 2 -> table.apply(lease(a, client, LeaseState.RELEASED, expires));
                case 3 -> table.apply(lease(a, client, LeaseState.EXPIRED, expires));
                default -> table.apply(lease(a, client, LeaseState.BOUND, expires));
            }
            Instant now = T0.plusSeconds(random.nextInt(100));
            Set<Ipv4> offered = new HashSet<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                offered.add(new Ipv4(0xc0000200 | random.nextInt(32)));
            }
            Predicate<Ipv4> available = x -> !offered.contains(x);
            assertThat(f.pick(now, available)).as("step %d", step).isEqualTo(scan(table, now, available));
        }
    }

    /** What LeaseAllocator did before the index: every pool address in config order. */
    static Optional<Ipv4> scan(LeaseTable table, Instant now, Predicate<Ipv4> available) {
        Lease oldest = null;
        for (AddressRange range : LAN.pools()) {
            for (long i = 0; i < range.size(); i++) {
                Ipv4 a = range.first().plus(i);
                if (!LAN.inPool(a) || RESERVED.contains(a) || !available.test(a)) {
                    continue;
                }
                Optional<Lease> lease = table.at(a);
                if (lease.isEmpty()) {
                    return Optional.of(a);
                }
                if (lease.get().holdsAddress(now)) {
                    continue;
                }
                if (oldest == null || lease.get().expires().isBefore(oldest.expires())) {
                    oldest = lease.get();
                }
            }
        }
        return Optional.ofNullable(oldest).map(Lease::address);
    }
}
