package gateway.dhcp.lease;

import static gateway.dhcp.lease.LeaseAllocatorTest.LAN;
import static gateway.dhcp.lease.LeaseAllocatorTest.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.config.DhcpConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Option 51 in DISCOVER and REQUEST, RFC 2131 section 4.3.1: the server may grant the requested
 * lease time; we cap it at the configured time (1 h here) and raise it to {@link LeaseTime#FLOOR}.
 */
class RequestedLeaseTimeTest {
    record Case(String rfc, Optional<Duration> requested, Duration granted) {
    }

    static Stream<Arguments> table() {
        return Stream.of(
                new Case("4.3.1 requested shorter: granted", Optional.of(Duration.ofMinutes(10)), Duration.ofMinutes(10)),
                new Case("4.3.1 requested longer: capped at configured", Optional.of(Duration.ofHours(5)), Duration.ofHours(1)),
                new Case("4.3.1 requested infinite (0xffffffff): capped", Optional.of(Duration.ofSeconds(0xffffffffL)),
                        Duration.ofHours(1)),
                new Case("4.3.1 requested equal: granted", Optional.of(Duration.ofHours(1)), Duration.ofHours(1)),
                new Case("4.3.1 none requested: configured", Optional.empty(), Duration.ofHours(1)),
                new Case("4.3.1 requested tiny: floor", Optional.of(Duration.ofSeconds(5)), LeaseTime.FLOOR),
                new Case("4.3.1 requested zero: floor", Optional.of(Duration.ZERO), LeaseTime.FLOOR))
                .map(c -> Arguments.of(c.rfc(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void offerAckAndJournalCarryTheGrantedTime(String name, Case c, @TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Path file = dir.resolve("leases.journal");
        ClientInfo client = new ClientInfo(ClientKey.ofMac("02:00:00:00:00:01"), "02:00:00:00:00:01", Optional.empty(),
                c.requested());
        try (LeaseJournal journal = LeaseJournal.open(file, new LeaseTable())) {
            LeaseAllocator a = new LeaseAllocator(DhcpConfig.defaults().withSubnets(List.of(LAN)), new LeaseTable(),
                    journal, clock);

            Decision.Offer offer = (Decision.Offer) a.discover(LAN, client, Optional.empty());
            assertThat(offer.leaseTime()).isEqualTo(c.granted());
            assertThat(offer.lease().expires()).isEqualTo(clock.instant().plus(c.granted()));

            clock.advance(Duration.ofSeconds(2));
            Decision.Ack ack = (Decision.Ack) a.request(LAN, client, Ipv4.ANY, Optional.of(offer.lease().address()),
                    Optional.of(SERVER));
            assertThat(ack.leaseTime()).isEqualTo(c.granted());
            assertThat(ack.lease().expires()).isEqualTo(clock.instant().plus(c.granted()));
            assertThat(ack.durable()).isNotDone();
            journal.sync();
            ack.durable().get();
        }
        assertThat(LeaseJournal.read(file)).singleElement()
                .satisfies(l -> assertThat(l.expires()).isEqualTo(clock.instant().plus(c.granted())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void grantIsAPureFunctionOfConfiguredAndRequested(String name, Case c) {
        assertThat(LeaseTime.grant(Duration.ofHours(1), c.requested())).isEqualTo(c.granted());
    }
}
