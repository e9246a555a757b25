package gateway.dhcp.lease;

import static gateway.dhcp.lease.LeaseAllocatorTest.LAN;
import static gateway.dhcp.lease.LeaseAllocatorTest.SERVER;
import static gateway.dhcp.lease.LeaseAllocatorTest.client;
import static gateway.dhcp.lease.LeaseAllocatorTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.config.DhcpConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DHCPREQUEST in each client state, RFC 2131 section 4.3.2. Setup: client 1 bound to .100,
 * client 2 offered .101, client 3 bound to .102 and then released it; clock 10 min later.
 */
class RequestStatesTest {
    private static final Ipv4 ANY = Ipv4.ANY;
    private static final Optional<Ipv4> NONE = Optional.empty();

    record Case(String rfc, int client, Ipv4 ciaddr, Optional<Ipv4> requested, Optional<Ipv4> serverId,
            Class<? extends Decision> expected) {
    }

    static Stream<Arguments> table() {
        Optional<Ipv4> us = Optional.of(SERVER);
        return Stream.of(
                new Case("4.3.2 SELECTING, our offer", 2, ANY, Optional.of(ip("192.0.2.101")), us, Decision.Ack.class),
                new Case("4.3.2 SELECTING, another server chosen", 2, ANY, Optional.of(ip("192.0.2.101")),
                        Optional.of(ip("192.0.2.254")), Decision.Ignore.class),
                new Case("4.3.2 SELECTING, address never offered", 2, ANY, Optional.of(ip("192.0.2.103")), us, Decision.Nak.class),
                new Case("4.3.2 SELECTING, someone else's address", 2, ANY, Optional.of(ip("192.0.2.100")), us, Decision.Nak.class),
                new Case("4.3.2 SELECTING, no requested address", 2, ANY, NONE, us, Decision.Nak.class),
                new Case("4.3.2 INIT-REBOOT, own address", 1, ANY, Optional.of(ip("192.0.2.100")), NONE, Decision.Ack.class),
                new Case("4.3.2 INIT-REBOOT, released but remembered", 3, ANY, Optional.of(ip("192.0.2.102")), NONE, Decision.Ack.class),
                new Case("4.3.2 INIT-REBOOT, wrong network", 1, ANY, Optional.of(ip("198.51.100.7")), NONE, Decision.Nak.class),
                new Case("4.3.2 INIT-REBOOT, address held by another", 4, ANY, Optional.of(ip("192.0.2.100")), NONE, Decision.Nak.class),
                new Case("4.3.2 INIT-REBOOT, other address than its own", 1, ANY, Optional.of(ip("192.0.2.103")), NONE, Decision.Nak.class),
                new Case("4.3.2 INIT-REBOOT, no record: silent", 4, ANY, Optional.of(ip("192.0.2.103")), NONE, Decision.Ignore.class),
                new Case("4.3.2 RENEWING, own lease", 1, ip("192.0.2.100"), NONE, NONE, Decision.Ack.class),
                new Case("4.3.2 RENEWING, someone else's lease", 4, ip("192.0.2.100"), NONE, NONE, Decision.Nak.class),
                new Case("4.3.2 REBINDING, no record: silent", 4, ip("192.0.2.103"), NONE, NONE, Decision.Ignore.class),
                new Case("4.3.2 REBINDING, off-network ciaddr", 1, ip("203.0.113.9"), NONE, NONE, Decision.Nak.class))
                .map(c -> Arguments.of(c.rfc(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void requestInEachClientState(String name, Case c) {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        LeaseAllocator a = new LeaseAllocator(DhcpConfig.defaults().withSubnets(List.of(LAN)), new LeaseTable(),
                LeaseStore.MEMORY, clock);
        LeaseAllocatorTest.bind(a, client(1));
        a.discover(LAN, client(2), NONE);
        Ipv4 third = LeaseAllocatorTest.bind(a, client(3)).lease().address();
        a.release(client(3), third);
        clock.advance(Duration.ofMinutes(10));

        Decision d = a.request(LAN, client(c.client()), c.ciaddr(), c.requested(), c.serverId());

        assertThat(d).isInstanceOf(c.expected());
        if (d instanceof Decision.Ack ack) {
            assertThat(ack.lease().client()).isEqualTo(client(c.client()).key());
            assertThat(ack.lease().expires()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
            assertThat(ack.renewal()).isEqualTo(c.client() == 1);
        }
    }
}
