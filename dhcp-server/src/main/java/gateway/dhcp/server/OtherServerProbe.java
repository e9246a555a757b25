package gateway.dhcp.server;

import gateway.dhcp.codec.DhcpDecoder;
import gateway.dhcp.codec.DhcpEncoder;
import gateway.dhcp.codec.DhcpMessage;
import gateway.dhcp.codec.DhcpOptions;
import gateway.dhcp.codec.DhcpParseException;
import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.codec.MessageType;
import gateway.dhcp.codec.OptionCode;
import gateway.dhcp.config.SubnetConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Before serving, sends one DISCOVER on the interface (as a client would, from port 68) and
 * listens for an OFFER: two DHCP servers on one LAN hand out conflicting answers.
 */
final class OtherServerProbe {
    private OtherServerProbe() {
    }

    /** Returns "server X offered Y" when another server answered within {@code wait}. */
    static Optional<String> probe(EventLoopGroup group, SubnetConfig s, Duration wait, int clientPort, int serverPort,
            int xid) throws IOException, InterruptedException {
        NetworkInterface nif = NetworkInterface.getByName(s.interfaceName());
        if (nif == null) {
            throw new IOException("no interface " + s.interfaceName());
        }
        byte[] mac = nif.getHardwareAddress();
        if (mac == null || mac.length != 6) {
            throw new IOException("interface " + s.interfaceName() + " has no Ethernet address to probe with");
        }
        CompletableFuture<String> answer = new CompletableFuture<>();
        Channel ch;
        try {
            ch = new Bootstrap().group(group).channelFactory(() -> new EpollDatagramChannel(SocketProtocolFamily.INET))
                    .option(ChannelOption.SO_BROADCAST, true)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(SocketOptions.SO_BINDTODEVICE, SocketOptions.device(s.interfaceName()))
                    .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                            try {
                                DhcpMessage m = DhcpDecoder.decode(ByteBufUtil.getBytes(p.content()));
                                if (m.op() == DhcpMessage.BOOTREPLY && m.xid() == xid
                                        && m.type().orElse(null) == MessageType.OFFER) {
                                    answer.complete("server " + m.options().address(OptionCode.SERVER_IDENTIFIER)
                                            .map(Ipv4::toString).orElse(p.sender().getAddress().getHostAddress())
                                            + " offered " + m.yiaddr());
                                }
                            } catch (DhcpParseException e) {
                                // not an answer to us
                            }
                        }
                    })
                    .bind(new InetSocketAddress(Ipv4.ANY.toInet(), clientPort)).sync().channel();
        } catch (Exception e) {
            throw new IOException("cannot listen on 0.0.0.0:" + clientPort + " on " + s.interfaceName()
                    + " to look for another DHCP server (" + e + "); is a DHCP client running there?", e);
        }
        try {
            DhcpOptions options = DhcpOptions.builder().messageType(MessageType.DISCOVER)
                    .put(OptionCode.PARAMETER_REQUEST_LIST, new byte[] {1, 3, 6}).build();
            DhcpMessage discover = new DhcpMessage(DhcpMessage.BOOTREQUEST, 1, 6, 0, xid, 0, DhcpMessage.FLAG_BROADCAST,
                    Ipv4.ANY, Ipv4.ANY, Ipv4.ANY, Ipv4.ANY, mac, null, null, options);
            ch.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(DhcpEncoder.encode(discover)),
                    new InetSocketAddress(Ipv4.BROADCAST.toInet(), serverPort))).sync();
            return Optional.of(answer.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        } finally {
            ch.close().sync();
        }
    }
}
