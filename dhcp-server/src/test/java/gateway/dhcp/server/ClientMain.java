package gateway.dhcp.server;

import gateway.dhcp.codec.DhcpDecoder;
import gateway.dhcp.codec.DhcpEncoder;
import gateway.dhcp.codec.DhcpMessage;
import gateway.dhcp.codec.DhcpOptions;
import gateway.dhcp.codec.DhcpParseException;
import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.codec.MessageType;
import gateway.dhcp.codec.OptionCode;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * A scripted DHCP client for server tests, run in the client namespace. Each argument is a step;
 * each step prints one line the test checks:
 * {@code bind:MAC} (DISCOVER, REQUEST) → "BOUND ip router dns mask domain" or "NO-OFFER"/"NAK";
 * {@code reboot:MAC:IP} (INIT-REBOOT) → "ACK ip" / "NAK" / "SILENT";
 * {@code release:MAC:IP}; {@code inform:MAC} (from 192.0.2.250) → "INFORM-ACK";
 * {@code garbage:N} sends N malformed datagrams.
 */
public final class ClientMain {
    private static final InetSocketAddress SERVERS = new InetSocketAddress("255.255.255.255", 67);
    private final DatagramSocket socket;
    private final Random random = new Random(1);

    private ClientMain(DatagramSocket socket) {
        this.socket = socket;
    }

    public static void main(String[] args) throws Exception {
        try (DatagramSocket s = new DatagramSocket(null)) {
            s.setReuseAddress(true);
            s.setBroadcast(true);
            s.bind(new InetSocketAddress(68));
            s.setSoTimeout(1500);
            ClientMain c = new ClientMain(s);
            for (String step : args) {
                System.out.println(c.step(step.split(":", 2)[0], step.contains(":") ? step.split(":", 2)[1] : ""));
                System.out.flush();
            }
        }
    }

    private String step(String kind, String arg) throws Exception {
        switch (kind) {
            case "bind" -> {
                byte[] mac = mac(arg);
                DhcpMessage offer = exchange(request(mac, MessageType.DISCOVER, Ipv4.ANY, null, null), MessageType.OFFER);
                if (offer == null) {
                    return "NO-OFFER";
                }
                DhcpMessage ack = exchange(request(mac, MessageType.REQUEST, Ipv4.ANY, offer.yiaddr(),
                        offer.options().address(OptionCode.SERVER_IDENTIFIER).orElseThrow()), null);
                if (ack == null || ack.type().orElseThrow() != MessageType.ACK) {
                    return ack == null ? "NO-ACK" : "NAK";
                }
                DhcpOptions o = ack.options();
                return "BOUND " + ack.yiaddr() + " router=" + o.address(OptionCode.ROUTER).orElse(null)
                        + " dns=" + o.address(OptionCode.DOMAIN_NAME_SERVER).orElse(null)
                        + " mask=" + o.address(OptionCode.SUBNET_MASK).orElse(null)
                        + " domain=" + o.text(OptionCode.DOMAIN_NAME).orElse(null)
                        + " lease=" + o.seconds(OptionCode.IP_ADDRESS_LEASE_TIME).orElse(null);
            }
            case "reboot" -> {
                String[] p = arg.split(":(?=[0-9]+\\.)");
                DhcpMessage r = exchange(request(mac(p[0]), MessageType.REQUEST, Ipv4.ANY, Ipv4.parse(p[1]), null), null);
                return r == null ? "SILENT" : r.type().orElseThrow() == MessageType.ACK ? "ACK " + r.yiaddr() : "NAK";
            }
            case "release" -> {
                String[] p = arg.split(":(?=[0-9]+\\.)");
                DhcpMessage m = request(mac(p[0]), MessageType.RELEASE, Ipv4.parse(p[1]), null, Ipv4.parse("192.0.2.1"));
                send(m, new InetSocketAddress("192.0.2.1", 67));
                return "RELEASED " + p[1];
            }
            case "inform" -> {
                DhcpMessage m = request(mac(arg), MessageType.INFORM, Ipv4.parse("192.0.2.250"), null, null);
                send(m, new InetSocketAddress("192.0.2.1", 67));
                DhcpMessage r = receive(m.xid(), MessageType.ACK);
                return r == null ? "NO-INFORM-ACK" : "INFORM-ACK dns=" + r.options().address(OptionCode.DOMAIN_NAME_SERVER).orElse(null);
            }
            case "garbage" -> {
                byte[] good = DhcpEncoder.encode(request(mac("02:00:00:00:ee:ee"), MessageType.DISCOVER, Ipv4.ANY, null, null));
                int n = Integer.parseInt(arg);
                for (int i = 0; i < n; i++) {
                    byte[] b = i % 3 == 0 ? Arrays.copyOf(good, random.nextInt(240)) : good.clone();
                    if (i % 3 == 1) {
                        b[236] = 0; // no magic cookie
                    } else if (i % 3 == 2) {
                        b[241] = (byte) 200; // option length runs past the end
                    }
                    socket.send(new DatagramPacket(b, b.length, SERVERS));
                }
                return "SENT " + n;
            }
            default -> throw new IllegalArgumentException(kind);
        }
    }

    private DhcpMessage request(byte[] mac, MessageType type, Ipv4 ciaddr, Ipv4 requested, Ipv4 server) {
        DhcpOptions.Builder o = DhcpOptions.builder().messageType(type);
        if (requested != null) {
            o.putAddress(OptionCode.REQUESTED_IP_ADDRESS, requested);
        }
        if (server != null) {
            o.putAddress(OptionCode.SERVER_IDENTIFIER, server);
        }
        o.put(OptionCode.PARAMETER_REQUEST_LIST, new byte[] {1, 3, 6, 15});
        return new DhcpMessage(1, 1, 6, 0, random.nextInt(), 0, 0, ciaddr, Ipv4.ANY, Ipv4.ANY, Ipv4.ANY, mac, null, null,
                o.build());
    }

    private DhcpMessage exchange(DhcpMessage m, MessageType want) throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            send(m, SERVERS);
            DhcpMessage r = receive(m.xid(), want);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private void send(DhcpMessage m, InetSocketAddress to) throws Exception {
        byte[] b = DhcpEncoder.encode(m);
        socket.send(new DatagramPacket(b, b.length, to));
    }

    private DhcpMessage receive(int xid, MessageType want) throws Exception {
        byte[] buf = new byte[2048];
        long deadline = System.nanoTime() + 1_500_000_000L;
        while (System.nanoTime() < deadline) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            try {
                DhcpMessage r = DhcpDecoder.decode(Arrays.copyOf(p.getData(), p.getLength()));
                if (r.op() == DhcpMessage.BOOTREPLY && r.xid() == xid && (want == null || r.type().orElse(null) == want)) {
                    return r;
                }
            } catch (DhcpParseException e) {
                // someone else's noise
            }
        }
        return null;
    }

    private static byte[] mac(String text) {
        return HexFormat.ofDelimiter(":").parseHex(text);
    }
}
