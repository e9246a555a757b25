package gateway.dhcp.handler;

import gateway.dhcp.codec.DhcpMessage;
import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.codec.MessageType;
import gateway.dhcp.codec.OptionCode;
import gateway.dhcp.config.DhcpConfig;
import gateway.dhcp.config.SubnetConfig;
import gateway.dhcp.lease.ClientInfo;
import gateway.dhcp.lease.Decision;
import gateway.dhcp.lease.LeaseAllocator;
import gateway.dhcp.lease.LeaseListener;
import gateway.dhcp.lease.RateLimiter;
import gateway.dhcp.metrics.DhcpListener;
import gateway.dhcp.options.ReplyOptions;
import gateway.dhcp.reply.Destination;
import gateway.dhcp.reply.ReplyFactory;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's script for one decoded request: pick the subnet, rate-limit, ask the allocator,
 * build the reply. No sockets here; {@link Outcome} says what the socket side must do.
 */
public final class DhcpMessageHandler {
    private static final Logger log = LoggerFactory.getLogger(DhcpMessageHandler.class);
    private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);
    /** Addresses probed per DISCOVER before giving up for this round; the client retries anyway. */
    static final int MAX_PROBES = 3;

    private final DhcpConfig config;
    private final LeaseAllocator allocator;
    private final RateLimiter limiter;
    private final boolean probe;
    private final DhcpListener listener;
    private final LeaseListener events;

    public DhcpMessageHandler(DhcpConfig config, LeaseAllocator allocator, RateLimiter limiter, boolean probe,
            DhcpListener listener, LeaseListener events) {
        this.config = config;
        this.allocator = allocator;
        this.limiter = limiter;
        this.probe = probe;
        this.listener = listener;
        this.events = events;
    }

    /** Handles {@code m}, which arrived on the interface of {@code arrivedOn}. */
    public Outcome handle(DhcpMessage m, SubnetConfig arrivedOn) {
        if (m.op() != DhcpMessage.BOOTREQUEST) {
            return silent("BOOTREPLY from " + m.mac() + " (another server's reply?)");
        }
        MessageType type = m.type().orElseThrow(); // the decoder refuses messages without one
        listener.received(type);
        SubnetConfig s = m.giaddr().isAny() ? arrivedOn : relayedSubnet(m.giaddr());
        if (s == null) {
            return silent("relay " + m.giaddr() + " is in no configured subnet");
        }
        ClientInfo c = ClientInfo.of(m);
        if (!limiter.tryAcquire(c.key())) {
            return silent("rate limit for " + c.key());
        }
        Optional<Ipv4> requested = m.options().address(OptionCode.REQUESTED_IP_ADDRESS);
        return switch (type) {
            case DISCOVER -> offer(m, s, c, requested, 0);
            case REQUEST -> request(m, s, c, requested);
            case DECLINE -> {
                if (requested.isEmpty()) {
                    yield silent("DECLINE without requested address from " + c.key());
                }
                allocator.decline(c, requested.get()).ifPresent(l -> {
                    log.warn("{} declined {}: another host uses it; held back for {}", c.key(), l.address(),
                            config.declineHold());
                    events.released(l);
                });
                yield silent("DECLINE handled");
            }
            case RELEASE -> {
                allocator.release(c, m.ciaddr()).ifPresent(events::released);
                yield silent("RELEASE handled");
            }
            case INFORM -> reply(m, ReplyFactory.reply(m, Ipv4.ANY, true,
                    ReplyOptions.forLease(MessageType.ACK, s, Optional.empty(), Optional.empty(), m.options())),
                    Destination.of(m.giaddr(), m.ciaddr(), false), NOW, null);
            default -> silent(type + " is not sent by clients");
        };
    }

    private SubnetConfig relayedSubnet(Ipv4 giaddr) {
        return config.subnets().stream().filter(x -> x.contains(giaddr)).findFirst().orElse(null);
    }

    private Outcome offer(DhcpMessage m, SubnetConfig s, ClientInfo c, Optional<Ipv4> requested, int attempt) {
        Decision d = allocator.discover(s, c, requested);
        if (d instanceof Decision.Ignore ignore) {
            return silent(ignore.reason());
        }
        Decision.Offer offer = (Decision.Offer) d;
        Ipv4 address = offer.lease().address();
        Outcome send = reply(m, ReplyFactory.reply(m, address, false, ReplyOptions.forLease(MessageType.OFFER, s,
                Optional.of(offer.leaseTime()), offer.lease().hostName(), m.options())),
                Destination.of(m.giaddr(), Ipv4.ANY, false), NOW, null);
        if (!probe || !offer.probe()) {
            return send;
        }
        if (attempt >= MAX_PROBES) {
            return silent("conflict probes answered for " + MAX_PROBES + " addresses in a row");
        }
        return new Outcome.ProbeFirst(address, answered -> {
            if (!answered) {
                return send;
            }
            log.warn("{} answered a conflict probe before it was offered to {}; held back", address, c.key());
            listener.conflict();
            allocator.conflict(address, c);
            return offer(m, s, c, requested, attempt + 1);
        });
    }

    private Outcome request(DhcpMessage m, SubnetConfig s, ClientInfo c, Optional<Ipv4> requested) {
        Decision d = allocator.request(s, c, m.ciaddr(), requested, m.options().address(OptionCode.SERVER_IDENTIFIER));
        if (d instanceof Decision.Ack ack) {
            Runnable event = () -> {
                if (ack.renewal()) {
                    events.renewed(ack.lease());
                } else {
                    log.info("lease {} to {} ({}) until {}", ack.lease().address(), c.key(),
                            ack.lease().hostName().orElse("-"), ack.lease().expires());
                    events.granted(ack.lease());
                }
            };
            return reply(m, ReplyFactory.reply(m, ack.lease().address(), true, ReplyOptions.forLease(MessageType.ACK,
                    s, Optional.of(ack.leaseTime()), ack.lease().hostName(), m.options())),
                    Destination.of(m.giaddr(), m.ciaddr(), false), ack.durable(), event);
        }
        if (d instanceof Decision.Nak nak) {
            log.debug("NAK to {}: {}", c.key(), nak.reason());
            return reply(m, ReplyFactory.reply(m, Ipv4.ANY, false, ReplyOptions.forNak(s, nak.reason(), m.options())),
                    Destination.of(m.giaddr(), m.ciaddr(), true), NOW, null);
        }
        return silent(((Decision.Ignore) d).reason());
    }

    private Outcome reply(DhcpMessage request, DhcpMessage reply, Destination to,
            CompletableFuture<Void> ready, Runnable afterSent) {
        reply.type().ifPresent(listener::replied);
        return new Outcome.Reply(reply, to, request.options().maximumMessageSize(), ready,
                afterSent == null ? () -> { } : afterSent);
    }

    private Outcome silent(String reason) {
        listener.ignored(reason);
        if (reason.startsWith("pool exhausted")) {
            log.warn("{}", reason);
        } else {
            log.debug("no reply: {}", reason);
        }
        return new Outcome.Silent(reason);
    }
}
