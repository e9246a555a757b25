package gateway.dhcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.dhcp.codec.DhcpDecoder;
import gateway.dhcp.codec.DhcpEncoder;
import gateway.dhcp.codec.DhcpMessage;
import gateway.dhcp.codec.DhcpParseException;
import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.codec.MessageType;
import gateway.dhcp.codec.OptionCode;
import gateway.dhcp.codec.Packets;
import gateway.dhcp.config.AddressRange;
import gateway.dhcp.config.DhcpConfig;
import gateway.dhcp.config.StaticRoute;
import gateway.dhcp.config.SubnetConfig;
import gateway.dhcp.handler.DhcpMessageHandler;
import gateway.dhcp.lease.Lease;
import gateway.dhcp.lease.LeaseAllocator;
import gateway.dhcp.lease.LeaseListener;
import gateway.dhcp.lease.LeaseJournal;
import gateway.dhcp.lease.LeaseStore;
import gateway.dhcp.lease.LeaseTable;
import gateway.dhcp.lease.MutableClock;
import gateway.dhcp.lease.RateLimiter;
import gateway.dhcp.metrics.DhcpCounters;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real captured client packets through the channel handler, as the server's socket would see them. */
class DhcpDatagramHandlerTest {
    static final SubnetConfig LAN = new SubnetConfig("lan0", Ipv4.parse("192.0.2.1"), 24,
            List.of(AddressRange.parse("192.0.2.50-192.0.2.60")), List.of(), List.of(), List.of(), Optional.of("home.test"),
            List.of(Ipv4.parse("192.0.2.1")), List.of(StaticRoute.parse("203.0.113.0/24 via 192.0.2.254")),
            Duration.ofMinutes(30));
    static final InetSocketAddress FROM_NOWHERE = new InetSocketAddress("0.0.0.0", 68);

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final DhcpCounters counters = new DhcpCounters();
    final List<String> events = new ArrayList<>();

    EmbeddedChannel channel(DhcpConfig config, ConflictProber prober, int perClientPerMinute) {
        return channel(config, prober, perClientPerMinute, LeaseStore.MEMORY);
    }

    EmbeddedChannel channel(DhcpConfig config, ConflictProber prober, int perClientPerMinute, LeaseStore store) {
        LeaseAllocator allocator = new LeaseAllocator(config, new LeaseTable(), store, clock);
        LeaseListener listener = new LeaseListener() {
            @Override
            public void granted(Lease l) {
                events.add("granted " + l.address() + " " + l.hostName().orElse("-"));
            }

            @Override
            public void released(Lease l) {
                events.add("released " + l.address());
            }
        };
        DhcpMessageHandler handler = new DhcpMessageHandler(config, allocator,
                new RateLimiter(clock, perClientPerMinute, 1_000_000, 1000), prober != ConflictProber.OFF, counters, listener);
        return new EmbeddedChannel(new DhcpDatagramHandler(LAN, handler, prober, counters, store::sync));
    }

    EmbeddedChannel channel() {
        return channel(DhcpConfig.defaults().withSubnets(List.of(LAN)), ConflictProber.OFF, 60);
    }

    static DatagramPacket in(byte[] payload) {
        return new DatagramPacket(Unpooled.wrappedBuffer(payload), new InetSocketAddress("0.0.0.0", 67), FROM_NOWHERE);
    }

    static Sent reply(EmbeddedChannel ch) throws DhcpParseException {
        DatagramPacket out = ch.readOutbound();
        if (out == null) {
            return null;
        }
        try {
            byte[] wire = ByteBufUtil.getBytes(out.content());
            return new Sent(DhcpDecoder.decode(wire), out.recipient(), wire.length);
        } finally {
            out.release();
        }
    }

    record Sent(DhcpMessage m, InetSocketAddress to, int size) {
    }

    @Test
    void dhclientHandshakeGetsOfferAndAckWithRequestedOptionsBroadcast() throws Exception {
        EmbeddedChannel ch = channel();
        ch.writeInbound(in(Packets.load("dhclient-01-discover.bin")));
        Sent offer = reply(ch);
        assertThat(offer.m().type()).contains(MessageType.OFFER);
        assertThat(offer.m().yiaddr()).isEqualTo(Ipv4.parse("192.0.2.50"));
        assertThat(offer.to()).isEqualTo(new InetSocketAddress("255.255.255.255", 68));
        // RFC 2131 table 3 first, then the PRL 1,3,6,15,42,121 in its order
        assertThat(List.copyOf(offer.m().options().codes())).containsExactly(53, 54, 51, 58, 59, 1, 3, 6, 15, 42, 121);
        assertThat(offer.m().options().address(OptionCode.ROUTER)).contains(Ipv4.parse("192.0.2.1"));
        assertThat(offer.m().options().address(OptionCode.DOMAIN_NAME_SERVER)).contains(Ipv4.parse("192.0.2.1"));
        assertThat(offer.m().options().text(OptionCode.DOMAIN_NAME)).contains("home.test");
        assertThat(offer.m().options().seconds(OptionCode.IP_ADDRESS_LEASE_TIME)).contains(1800L);
        assertThat(offer.m().options().seconds(OptionCode.RENEWAL_TIME)).contains(900L);
        assertThat(offer.m().options().seconds(OptionCode.REBINDING_TIME)).contains(1575L);
        // RFC 3442: 203.0.113.0/24 via .254 and the default route via the gateway
        assertThat(offer.m().options().get(OptionCode.CLASSLESS_STATIC_ROUTE)).hasValueSatisfying(v -> assertThat(v)
                .containsExactly(24, 203, 0, 113, 192, 0, 2, 254, 0, 192, 0, 2, 1));

        ch.writeInbound(in(Packets.load("dhclient-02-request.bin")));
        Sent ack = reply(ch);
        assertThat(ack.m().type()).contains(MessageType.ACK);
        assertThat(ack.m().yiaddr()).isEqualTo(Ipv4.parse("192.0.2.50"));
        assertThat(events).containsExactly("granted 192.0.2.50 myhost");

        ch.writeInbound(in(Packets.load("dhclient-05-release.bin")));
        assertThat(reply(ch)).isNull();
        assertThat(events).containsExactly("granted 192.0.2.50 myhost", "released 192.0.2.50");
        assertThat(ch.finish()).isFalse();
    }

    /**
     * dhcpcd 9 (Debian's stock options): an RFC 4361 client id (type 255), rapid commit (option 80,
     * empty) which we may ignore (RFC 4039: a normal OFFER), a PRL with 121 before 3 and codes we
     * do not serve (26, 33, 119, ...), and the server identifier it requires.
     */
    @Test
    void dhcpcdHandshakeWithDuidClientIdAndRapidCommitGetsOfferThenAck() throws Exception {
        EmbeddedChannel ch = channel();
        byte[] discover = Packets.load("dhcpcd-01-discover.bin");
        byte[] clientId = DhcpDecoder.decode(discover).options().get(OptionCode.CLIENT_IDENTIFIER).orElseThrow();
        ch.writeInbound(in(discover));
        Sent offer = reply(ch);
        assertThat(offer.m().type()).as("rapid commit is not honoured: OFFER, not ACK").contains(MessageType.OFFER);
        assertThat(offer.m().yiaddr()).isEqualTo(Ipv4.parse("192.0.2.50"));
        // table 3, then the PRL 1,121,3,6,12,15,26,28,33,51,54,58,59,119 in its order, only what we serve;
        // 12 is the name the client sent, 61 echoed (RFC 6842)
        assertThat(List.copyOf(offer.m().options().codes())).containsExactly(53, 54, 51, 58, 59, 1, 121, 3, 6, 12, 15, 28, 61);
        assertThat(offer.m().options().text(OptionCode.HOST_NAME)).contains("dchost");
        assertThat(offer.m().options().get(OptionCode.CLIENT_IDENTIFIER)).hasValueSatisfying(v -> assertThat(v).isEqualTo(clientId));
        // dhcpcd ignores option 3 when 121 is present: the default route must be in 121
        assertThat(offer.m().options().get(OptionCode.CLASSLESS_STATIC_ROUTE)).hasValueSatisfying(v -> assertThat(v)
                .containsExactly(24, 203, 0, 113, 192, 0, 2, 254, 0, 192, 0, 2, 1));

        ch.writeInbound(in(Packets.load("dhcpcd-02-request.bin")));
        Sent ack = reply(ch);
        assertThat(ack.m().type()).contains(MessageType.ACK);
        assertThat(ack.m().yiaddr()).isEqualTo(Ipv4.parse("192.0.2.50"));
        assertThat(ack.m().options().address(OptionCode.SERVER_IDENTIFIER)).contains(Ipv4.parse("192.0.2.1"));
        assertThat(events).containsExactly("granted 192.0.2.50 dchost");
        assertThat(ch.finish()).isFalse();
    }

    /** Group commit: the ACKs of one read batch wait for one journal sync at the end of the batch, the OFFERs do not. */
    @Test
    void acksLeaveOnlyAfterTheBatchIsSyncedToTheJournal(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("leases.journal");
        try (LeaseJournal journal = LeaseJournal.open(file, new LeaseTable())) {
            EmbeddedChannel ch = channel(DhcpConfig.defaults().withSubnets(List.of(LAN)), ConflictProber.OFF, 60, journal);
            ch.pipeline().fireChannelRead(in(Packets.load("dhclient-01-discover.bin")));
            assertThat(reply(ch).m().type()).as("an OFFER needs no disk").contains(MessageType.OFFER);
            ch.pipeline().fireChannelRead(in(Packets.load("dhclient-02-request.bin")));
            assertThat(reply(ch)).as("no ACK before the sync").isNull();
            assertThat(LeaseJournal.read(file)).isEmpty();
            ch.pipeline().fireChannelReadComplete();
            assertThat(LeaseJournal.read(file)).singleElement()
                    .satisfies(l -> assertThat(l.address()).isEqualTo(Ipv4.parse("192.0.2.50")));
            assertThat(reply(ch).m().type()).contains(MessageType.ACK);
            assertThat(events).containsExactly("granted 192.0.2.50 myhost");
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void noAckWhenTheJournalCannotWrite(@TempDir Path dir) throws Exception {
        LeaseJournal journal = LeaseJournal.open(dir.resolve("leases.journal"), new LeaseTable());
        journal.close(); // every write fails from now on
        EmbeddedChannel ch = channel(DhcpConfig.defaults().withSubnets(List.of(LAN)), ConflictProber.OFF, 60, journal);
        ch.writeInbound(in(Packets.load("dhclient-01-discover.bin")));
        assertThat(reply(ch).m().type()).contains(MessageType.OFFER);
        ch.writeInbound(in(Packets.load("dhclient-02-request.bin")));
        assertThat(reply(ch)).isNull();
        assertThat(events).isEmpty();
        ch.finishAndReleaseAll();
    }

    @Test
    void udhcpcGetsItsClientIdEchoedAndAReplyWithin576Bytes() throws Exception {
        EmbeddedChannel ch = channel();
        ch.writeInbound(in(Packets.load("udhcpc-01-discover.bin")));
        Sent offer = reply(ch);
        assertThat(offer.m().options().get(OptionCode.CLIENT_IDENTIFIER)).hasValueSatisfying(
                v -> assertThat(v).containsExactly(1, 2, 0, 0, 0, 0, 0x0b)); // RFC 6842
        assertThat(offer.size()).isLessThanOrEqualTo(576 - 28);
        assertThat(offer.m().options().text(OptionCode.HOST_NAME)).contains("uhost"); // asked for 12: its recorded name
        ch.writeInbound(in(Packets.load("udhcpc-02-request.bin")));
        assertThat(reply(ch).m().type()).contains(MessageType.ACK);
    }

    @Test
    void requestForAddressOfferedToNobodyIsNakedByBroadcast() throws Exception {
        EmbeddedChannel ch = channel();
        ch.writeInbound(in(Packets.load("dhclient-02-request.bin"))); // SELECTING without our offer
        Sent nak = reply(ch);
        assertThat(nak.m().type()).contains(MessageType.NAK);
        assertThat(nak.m().yiaddr()).isEqualTo(Ipv4.ANY);
        assertThat(nak.to().getAddress().getHostAddress()).isEqualTo("255.255.255.255");
        assertThat(List.copyOf(nak.m().options().codes())).containsExactly(53, 54, 56);
    }

    @Test
    void requestedLeaseTimeIsGrantedInTheAckWithT1AndT2FollowingIt() throws Exception {
        // RFC 2131 4.3.1: the server may grant the client's option 51 (here 10 min of the configured 30)
        EmbeddedChannel ch = channel();
        ch.writeInbound(in(withLeaseTime(Packets.load("dhclient-01-discover.bin"), 600)));
        assertThat(reply(ch).m().options().seconds(OptionCode.IP_ADDRESS_LEASE_TIME)).contains(600L);
        ch.writeInbound(in(withLeaseTime(Packets.load("dhclient-02-request.bin"), 600)));
        Sent ack = reply(ch);
        assertThat(ack.m().type()).contains(MessageType.ACK);
        assertThat(ack.m().options().seconds(OptionCode.IP_ADDRESS_LEASE_TIME)).contains(600L);
        assertThat(ack.m().options().seconds(OptionCode.RENEWAL_TIME)).contains(300L);
        assertThat(ack.m().options().seconds(OptionCode.REBINDING_TIME)).contains(525L);
        assertThat(ch.finish()).isFalse();
    }

    static byte[] withLeaseTime(byte[] packet, long seconds) throws DhcpParseException {
        DhcpMessage m = DhcpDecoder.decode(packet);
        return DhcpEncoder.encode(new DhcpMessage(m.op(), m.htype(), m.hlen(), m.hops(), m.xid(), m.secs(), m.flags(),
                m.ciaddr(), m.yiaddr(), m.siaddr(), m.giaddr(), m.chaddr(), m.sname(), m.file(),
                m.options().toBuilder().putSeconds(OptionCode.IP_ADDRESS_LEASE_TIME, seconds).build()));
    }

    @Test
    void relayedDiscoverGoesBackToTheRelayWithOption82Echoed() throws Exception {
        EmbeddedChannel ch = channel();
        DhcpMessage d = DhcpDecoder.decode(Packets.load("dhclient-01-discover.bin"));
        byte[] agent = {1, 4, 'p', 'o', 'r', 't'};
        DhcpMessage relayed = new DhcpMessage(1, 1, 6, 1, d.xid(), 0, 0, Ipv4.ANY, Ipv4.ANY, Ipv4.ANY,
                Ipv4.parse("192.0.2.254"), d.chaddr(), null, null, d.options().toBuilder().put(82, agent).build());
        ch.writeInbound(in(DhcpEncoder.encode(relayed)));
        Sent offer = reply(ch);
        assertThat(offer.to()).isEqualTo(new InetSocketAddress("192.0.2.254", 67));
        assertThat(offer.m().giaddr()).isEqualTo(Ipv4.parse("192.0.2.254"));
        assertThat(offer.m().options().get(82)).hasValueSatisfying(v -> assertThat(v).isEqualTo(agent));
        byte[] wire = DhcpEncoder.encode(offer.m());
        int end = 240;
        while ((wire[end] & 0xff) != 255) {
            end += (wire[end] & 0xff) == 0 ? 1 : 2 + (wire[end + 1] & 0xff);
        }
        assertThat(wire[end - agent.length - 2]).as("82 is the last option (RFC 3046 2.1)").isEqualTo((byte) 82);
    }

    @Test
    void informIsAnsweredByUnicastWithoutLease() throws Exception {
        EmbeddedChannel ch = channel();
        DhcpMessage d = DhcpDecoder.decode(Packets.load("dhclient-01-discover.bin"));
        DhcpMessage inform = new DhcpMessage(1, 1, 6, 0, 77, 0, 0, Ipv4.parse("192.0.2.9"), Ipv4.ANY, Ipv4.ANY, Ipv4.ANY,
                d.chaddr(), null, null, d.options().toBuilder().messageType(MessageType.INFORM).build());
        ch.writeInbound(in(DhcpEncoder.encode(inform)));
        Sent ack = reply(ch);
        assertThat(ack.m().type()).contains(MessageType.ACK);
        assertThat(ack.to()).isEqualTo(new InetSocketAddress("192.0.2.9", 68));
        assertThat(ack.m().yiaddr()).isEqualTo(Ipv4.ANY);
        assertThat(ack.m().options().has(OptionCode.IP_ADDRESS_LEASE_TIME)).isFalse(); // RFC 2131 4.3.5
    }

    @Test
    void answeredConflictProbeMovesTheOfferToAnotherAddress() throws Exception {
        ConflictProber taken = (address, subnet) ->
                CompletableFuture.completedFuture(address.equals(Ipv4.parse("192.0.2.50")));
        EmbeddedChannel ch = channel(DhcpConfig.defaults().withSubnets(List.of(LAN)), taken, 60);
        ch.writeInbound(in(Packets.load("dhclient-01-discover.bin")));
        ch.runPendingTasks();
        assertThat(reply(ch).m().yiaddr()).isEqualTo(Ipv4.parse("192.0.2.51"));
    }

    @Test
    void malformedPacketsAreDroppedCountedAndTheNextClientIsServed() throws Exception {
        EmbeddedChannel ch = channel();
        byte[] good = Packets.load("udhcpc-01-discover.bin");
        ch.writeInbound(in(Arrays.copyOf(good, 100)));
        byte[] noCookie = good.clone();
        noCookie[236] = 0;
        ch.writeInbound(in(noCookie));
        ch.writeInbound(in(new byte[3000]));
        assertThat(reply(ch)).isNull();
        assertThat(counters.malformedCount(DhcpParseException.Reason.TRUNCATED)).isEqualTo(1);
        assertThat(counters.malformedCount(DhcpParseException.Reason.MISSING_MAGIC_COOKIE)).isEqualTo(1);
        assertThat(counters.malformedCount(DhcpParseException.Reason.OVERSIZED)).isEqualTo(1);
        ch.writeInbound(in(good));
        assertThat(reply(ch).m().type()).contains(MessageType.OFFER);
    }

    @Test
    void fuzzedDatagramsNeverBreakTheHandler() throws Exception {
        EmbeddedChannel ch = channel(DhcpConfig.defaults().withSubnets(List.of(LAN)), ConflictProber.OFF, 1_000_000);
        Random random = new Random(7);
        byte[][] seeds = Packets.CAPTURED.stream().map(Packets::load).toArray(byte[][]::new);
        for (int i = 0; i < 100_000; i++) {
            byte[] b = seeds[random.nextInt(seeds.length)].clone();
            int flips = 1 + random.nextInt(6);
            for (int f = 0; f < flips; f++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(8) == 0) {
                b = Arrays.copyOf(b, random.nextInt(b.length * 2));
            }
            ch.writeInbound(in(b));
            for (DatagramPacket p; (p = ch.readOutbound()) != null; ) {
                p.release();
            }
            clock.advance(Duration.ofSeconds(2)); // offers and leases come and go
        }
        assertThat(counters.malformedTotal()).isGreaterThan(10_000);
        ch.writeInbound(in(Packets.load("udhcpc-01-discover.bin")));
        assertThat(reply(ch)).as("still serving").isNotNull();
        assertThat(ch.isActive()).isTrue();
    }

    @Test
    void aClientInALoopIsRateLimited() throws Exception {
        EmbeddedChannel ch = channel(DhcpConfig.defaults().withSubnets(List.of(LAN)), ConflictProber.OFF, 60);
        int offers = 0;
        for (int i = 0; i < 100; i++) {
            ch.writeInbound(in(Packets.load("udhcpc-01-discover.bin")));
            offers += reply(ch) == null ? 0 : 1;
        }
        assertThat(offers).isEqualTo(10);
    }
}
