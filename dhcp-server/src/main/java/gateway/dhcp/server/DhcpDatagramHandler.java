package gateway.dhcp.server;

import gateway.dhcp.codec.DhcpDecoder;
import gateway.dhcp.codec.DhcpEncoder;
import gateway.dhcp.codec.DhcpMessage;
import gateway.dhcp.codec.DhcpParseException;
import gateway.dhcp.config.SubnetConfig;
import gateway.dhcp.handler.DhcpMessageHandler;
import gateway.dhcp.handler.Outcome;
import gateway.dhcp.metrics.DhcpListener;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only handler of a LAN channel: datagram → {@link DhcpDecoder} → {@link DhcpMessageHandler}
 * → reply datagram. Bad input is dropped and counted here, the one place that maps failures to
 * the DHCP answer, which is silence; the channel keeps serving others.
 *
 * <p>Group commit: replies that need no disk (OFFER, NAK) leave at once; when a batch of
 * datagrams bound leases, the handler asks for one commit as the batch ends
 * ({@link #channelReadComplete}), and each ACK leaves once its lease is durable.
 */
final class DhcpDatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(DhcpDatagramHandler.class);
    private final SubnetConfig subnet;
    private final DhcpMessageHandler handler;
    private final ConflictProber prober;
    private final DhcpListener listener;
    private final Runnable commit;
    /** An ACK of this batch waits for the journal. */
    private boolean commitNeeded;

    /**
     * @param commit asks for the leases persisted so far to be made durable (e.g.
     *     {@link gateway.dhcp.lease.LeaseStore#sync}, or a {@link GroupCommit} request)
     */
    DhcpDatagramHandler(SubnetConfig subnet, DhcpMessageHandler handler, ConflictProber prober, DhcpListener listener,
            Runnable commit) {
        this.subnet = subnet;
        this.handler = handler;
        this.prober = prober;
        this.listener = listener;
        this.commit = commit;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        DhcpMessage m;
        try {
            m = DhcpDecoder.decode(ByteBufUtil.getBytes(packet.content()));
        } catch (DhcpParseException e) {
            listener.malformed(e.reason());
            log.debug("dropped datagram from {} on {}: {}", packet.sender(), subnet.interfaceName(), e.getMessage());
            return;
        }
        try {
            execute(ctx, handler.handle(m, subnet));
        } catch (RuntimeException e) {
            log.error("bug while handling {} on {}; dropped", m, subnet.interfaceName(), e);
        }
    }

    /** The end of a batch of datagrams: one commit for the leases it bound. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        commitIfNeeded();
        ctx.fireChannelReadComplete();
    }

    private void commitIfNeeded() {
        if (commitNeeded) {
            commitNeeded = false;
            commit.run();
        }
    }

    private void execute(ChannelHandlerContext ctx, Outcome outcome) {
        if (outcome instanceof Outcome.Reply r) {
            commitNeeded |= !r.ready().isDone();
            r.ready().whenComplete((ok, err) -> {
                if (err != null) {
                    log.error("lease journal failed, no {} sent: {}", r.reply().type().orElse(null), err.toString());
                    return;
                }
                byte[] wire = DhcpEncoder.encode(r.reply(), r.maxMessageSize());
                ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(wire), r.to().toSocketAddress()))
                        .addListener(f -> {
                            if (f.isSuccess()) {
                                r.afterSent().run();
                            } else {
                                log.warn("sending {} to {} on {} failed: {}", r.reply().type().orElse(null), r.to(),
                                        subnet.interfaceName(), f.cause().toString());
                            }
                        });
            });
        } else if (outcome instanceof Outcome.ProbeFirst p) {
            prober.probe(p.address(), subnet).whenComplete((answered, err) -> ctx.executor().execute(() -> {
                try {
                    execute(ctx, p.then().apply(err == null && Boolean.TRUE.equals(answered)));
                    commitIfNeeded(); // not in a read batch: no batch end will
                } catch (RuntimeException e) {
                    log.error("bug after probing {}", p.address(), e);
                }
            }));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("socket error on {}: {}", subnet.interfaceName(), cause.toString()); // keep the channel open
    }
}
