package gateway.dhcp.lease;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.config.AddressRange;
import gateway.dhcp.config.DhcpConfig;
import gateway.dhcp.config.Reservation;
import gateway.dhcp.config.SubnetConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseAllocatorTest {
    static final Ipv4 SERVER = Ipv4.parse("192.0.2.1");
    static final SubnetConfig LAN = SubnetConfig.of("lan0", SERVER, 24, AddressRange.parse("192.0.2.100-192.0.2.103"));
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    static ClientInfo client(int n) {
        String mac = String.format("02:00:00:00:00:%02x", n);
        return new ClientInfo(ClientKey.ofMac(mac), mac, Optional.of("host" + n));
    }

    static Ipv4 ip(String s) {
        return Ipv4.parse(s);
    }

    LeaseAllocator allocator(DhcpConfig config) {
        return new LeaseAllocator(config, new LeaseTable(), LeaseStore.MEMORY, clock);
    }

    static DhcpConfig config() {
        return DhcpConfig.defaults().withSubnets(List.of(LAN));
    }

    /** DISCOVER then SELECTING REQUEST, as a client gets its first lease. */
    static Decision.Ack bind(LeaseAllocator a, ClientInfo c) {
        Decision.Offer offer = (Decision.Offer) a.discover(LAN, c, Optional.empty());
        return (Decision.Ack) a.request(LAN, c, Ipv4.ANY, Optional.of(offer.lease().address()), Optional.of(SERVER));
    }

    @Test
    void rfc2131_4_3_1_newClientGetsFirstFreePoolAddressAndItIsProbed() {
        Decision d = allocator(config()).discover(LAN, client(1), Optional.empty());
        assertThat(d).isInstanceOfSatisfying(Decision.Offer.class, o -> {
            assertThat(o.lease().address()).isEqualTo(ip("192.0.2.100"));
            assertThat(o.probe()).isTrue();
            assertThat(o.leaseTime()).isEqualTo(Duration.ofHours(1));
        });
    }

    @Test
    void rfc2131_4_3_1_requestedAddressIsHonouredWhenFree() {
        Decision d = allocator(config()).discover(LAN, client(1), Optional.of(ip("192.0.2.102")));
        assertThat(((Decision.Offer) d).lease().address()).isEqualTo(ip("192.0.2.102"));
        Decision outside = allocator(config()).discover(LAN, client(1), Optional.of(ip("192.0.2.50")));
        assertThat(((Decision.Offer) outside).lease().address()).isEqualTo(ip("192.0.2.100"));
    }

    @Test
    void rfc2131_4_3_1_returningClientGetsPreviousAddressAfterReleaseAndExpiry() {
        LeaseAllocator a = allocator(config());
        bind(a, client(1));
        Ipv4 second = bind(a, client(2)).lease().address();
        assertThat(a.release(client(2), second)).isPresent();
        bind(a, client(3)); // takes a never-used address, not the released one
        Decision.Offer again = (Decision.Offer) a.discover(LAN, client(2), Optional.empty());
        assertThat(again.lease().address()).isEqualTo(second);
        assertThat(again.probe()).isFalse();
        clock.advance(Duration.ofHours(2));
        assertThat(a.reclaim()).extracting(Lease::state).containsOnly(LeaseState.EXPIRED);
        assertThat(((Decision.Offer) a.discover(LAN, client(3), Optional.empty())).lease().address())
                .isEqualTo(ip("192.0.2.102"));
    }

    @Test
    void offeredAddressIsHeldForTheClientThenFreed() {
        LeaseAllocator a = allocator(config());
        Ipv4 first = ((Decision.Offer) a.discover(LAN, client(1), Optional.empty())).lease().address();
        Ipv4 other = ((Decision.Offer) a.discover(LAN, client(2), Optional.of(first))).lease().address();
        assertThat(other).isNotEqualTo(first);
        clock.advance(LeaseAllocator.OFFER_HOLD);
        assertThat(((Decision.Offer) a.discover(LAN, client(3), Optional.of(first))).lease().address()).isEqualTo(first);
    }

    @Test
    void poolExhaustionIsSilenceWithAReason() {
        LeaseAllocator a = allocator(config());
        for (int i = 1; i <= 4; i++) {
            bind(a, client(i));
        }
        assertThat(a.discover(LAN, client(5), Optional.empty())).isInstanceOfSatisfying(Decision.Ignore.class,
                i -> assertThat(i.reason()).contains("pool exhausted on lan0"));
        clock.advance(Duration.ofMinutes(61)); // RFC 2131 4.3.1: an expired lease may go to a new client
        assertThat(a.discover(LAN, client(5), Optional.empty())).isInstanceOf(Decision.Offer.class);
    }

    @Test
    void rfc2131_4_3_3_declinedAddressIsHeldBack() {
        LeaseAllocator a = allocator(config());
        Ipv4 x = ((Decision.Offer) a.discover(LAN, client(1), Optional.empty())).lease().address();
        assertThat(a.decline(client(1), x)).hasValueSatisfying(l -> assertThat(l.state()).isEqualTo(LeaseState.DECLINED));
        assertThat(((Decision.Offer) a.discover(LAN, client(1), Optional.empty())).lease().address()).isNotEqualTo(x);
        assertThat(((Decision.Offer) a.discover(LAN, client(2), Optional.of(x))).lease().address()).isNotEqualTo(x);
        assertThat(a.decline(client(9), ip("192.0.2.103"))).isEmpty(); // never offered to client 9
        clock.advance(Duration.ofHours(1));
        a.reclaim();
        assertThat(((Decision.Offer) a.discover(LAN, client(3), Optional.of(x))).lease().address()).isEqualTo(x);
    }

    @Test
    void conflictProbeAnswerHoldsTheAddressLikeADecline() {
        LeaseAllocator a = allocator(config());
        Ipv4 x = ((Decision.Offer) a.discover(LAN, client(1), Optional.empty())).lease().address();
        a.conflict(x, client(1));
        assertThat(((Decision.Offer) a.discover(LAN, client(1), Optional.empty())).lease().address()).isNotEqualTo(x);
    }

    @Test
    void rfc2131_4_3_4_releaseOnlyByTheHolder() {
        LeaseAllocator a = allocator(config());
        Ipv4 x = bind(a, client(1)).lease().address();
        assertThat(a.release(client(2), x)).isEmpty();
        assertThat(a.activeLeases()).hasSize(1);
        assertThat(a.release(client(1), x)).isPresent();
        assertThat(a.activeLeases()).isEmpty();
    }

    @Test
    void reservationByMacGivesFixedAddressAndHostName() {
        DhcpConfig c = config().withReservations(List.of(
                Reservation.byMac("02:00:00:00:00:07", ip("192.0.2.20"), "printer")), false);
        LeaseAllocator a = allocator(c);
        Decision.Ack ack = bind(a, client(7));
        assertThat(ack.lease().address()).isEqualTo(ip("192.0.2.20"));
        assertThat(ack.lease().hostName()).contains("printer");
        // the reserved address is nobody else's, even when asked for
        Decision other = a.discover(LAN, client(8), Optional.of(ip("192.0.2.20")));
        assertThat(((Decision.Offer) other).lease().address()).isNotEqualTo(ip("192.0.2.20"));
    }

    @Test
    void rfc2131_4_2_clientIdentifierIsPreferredOverChaddr() {
        DhcpConfig c = config().withReservations(List.of(
                Reservation.byMac("02:00:00:00:00:07", ip("192.0.2.20"), null),
                Reservation.byClientId("01:02:00:00:00:00:07", ip("192.0.2.21"), null)), false);
        LeaseAllocator a = allocator(c);
        ClientInfo withId = new ClientInfo(new ClientKey("id:01020000000007"), "02:00:00:00:00:07", Optional.empty());
        assertThat(((Decision.Offer) a.discover(LAN, withId, Optional.empty())).lease().address()).isEqualTo(ip("192.0.2.21"));
        ClientInfo otherId = new ClientInfo(new ClientKey("id:ff"), "02:00:00:00:00:07", Optional.empty());
        assertThat(((Decision.Offer) a.discover(LAN, otherId, Optional.empty())).lease().address())
                .as("unknown client id falls back to the MAC reservation").isEqualTo(ip("192.0.2.20"));
    }

    @Test
    void reservedOnlyModeServesOnlyReservedClients() {
        DhcpConfig c = config().withReservations(List.of(
                Reservation.byMac("02:00:00:00:00:07", ip("192.0.2.20"), null)), true);
        LeaseAllocator a = allocator(c);
        assertThat(a.discover(LAN, client(1), Optional.empty())).isInstanceOf(Decision.Ignore.class);
        assertThat(a.request(LAN, client(1), Ipv4.ANY, Optional.of(ip("192.0.2.100")), Optional.empty()))
                .isInstanceOf(Decision.Ignore.class);
        assertThat(bind(a, client(7)).lease().address()).isEqualTo(ip("192.0.2.20"));
    }
}
