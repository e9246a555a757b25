package gateway.it.dhcp;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * DHCP load generator, run in a client namespace ({@code ip netns exec NS java -cp ... this}):
 * {@code N} complete handshakes with distinct MACs (DISCOVER, OFFER, REQUEST, ACK, then RELEASE,
 * because RFC 5737 gives the LAN one /24), at most {@code K} in flight. A handshake that has no
 * ACK within {@code timeoutMs} (one retransmission at half of it) counts as failed. Prints
 * {@code RESULT ok=.. failed=.. ms=.. rate=..} and a {@code LATENCY} line: the server's answer
 * times (DISCOVER to OFFER, REQUEST to ACK) and how many handshakes were open when one ended,
 * which shows whether the generator kept its K in flight. The packets are built here, not with
 * the server's codec, so the generator does not share the server's bugs.
 * Args: N K timeoutMs macSeed.
 */
public final class DhcpLoadGenerator {
    private static final InetSocketAddress BROADCAST = new InetSocketAddress("255.255.255.255", 67);

    private final DatagramSocket socket;
    private final Map<Integer, Handshake> open = new ConcurrentHashMap<>();
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    /** Per handshake, microseconds (written by the receiver before the handshake leaves {@code open}). */
    private long[] offerMicros;
    private long[] ackMicros;
    private int[] openAtEnd;

    private static final class Handshake {
        final int index;
        final int xid;
        final byte[] mac;
        final long started = System.nanoTime();
        volatile long requestedAt;
        volatile boolean requested;
        volatile boolean retried;
        volatile byte[] lastSent;

        Handshake(int index, int xid, byte[] mac) {
            this.index = index;
            this.xid = xid;
            this.mac = mac;
        }
    }

    private DhcpLoadGenerator(DatagramSocket socket) {
        this.socket = socket;
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int k = Integer.parseInt(args[1]);
        long timeoutMs = Long.parseLong(args[2]);
        int seed = Integer.parseInt(args[3]);
        try (DatagramSocket s = new DatagramSocket(null)) {
            s.setReuseAddress(true);
            s.setBroadcast(true);
            s.setReceiveBufferSize(4 << 20);
            s.bind(new InetSocketAddress(68));
            s.setSoTimeout(50);
            new DhcpLoadGenerator(s).run(n, k, timeoutMs, seed);
        }
    }

    private void run(int n, int k, long timeoutMs, int seed) throws Exception {
        Semaphore slots = new Semaphore(k);
        offerMicros = new long[n];
        ackMicros = new long[n];
        openAtEnd = new int[n];
        Thread receiver = new Thread(() -> receive(slots), "receiver");
        receiver.setDaemon(true);
        receiver.start();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            while (!slots.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                expire(slots, timeoutMs);
            }
            byte[] mac = {0x02, (byte) seed, (byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
            Handshake h = new Handshake(i, seed << 24 ^ i, mac);
            open.put(h.xid, h);
            send(h, discover(h));
            expire(slots, timeoutMs);
        }
        while (!open.isEmpty()) {
            Thread.sleep(5); // waiting for replies from another process
            expire(slots, timeoutMs);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("RESULT ok=%d failed=%d ms=%d rate=%.1f%n", ok.get(), failed.get(), ms,
                ok.get() * 1000.0 / Math.max(1, ms));
        System.out.printf("LATENCY offer us %s, ack us %s, open handshakes %s%n", percentiles(offerMicros),
                percentiles(ackMicros), percentiles(java.util.Arrays.stream(openAtEnd).asLongStream().toArray()));
    }

    /** p50/p90/p99 of the non-zero values (zero: the handshake failed before that step). */
    static String percentiles(long[] values) {
        long[] v = java.util.Arrays.stream(values).filter(x -> x > 0).sorted().toArray();
        if (v.length == 0) {
            return "-";
        }
        return "p50=" + v[v.length / 2] + " p90=" + v[v.length * 9 / 10] + " p99=" + v[v.length * 99 / 100];
    }

    private void expire(Semaphore slots, long timeoutMs) throws Exception {
        long now = System.nanoTime();
        for (Handshake h : open.values()) {
            long age = TimeUnit.NANOSECONDS.toMillis(now - h.started);
            if (age > timeoutMs) {
                if (open.remove(h.xid) != null) {
                    failed.incrementAndGet();
                    slots.release();
                }
            } else if (age > timeoutMs / 2 && !h.retried) {
                h.retried = true;
                send(h, h.lastSent);
            }
        }
    }

    private void send(Handshake h, byte[] packet) throws Exception {
        h.lastSent = packet;
        socket.send(new DatagramPacket(packet, packet.length, BROADCAST));
    }

    private void receive(Semaphore slots) {
        byte[] buf = new byte[1500];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (Exception e) {
                return;
            }
            if (p.getLength() < 244 || buf[0] != 2) {
                continue;
            }
            ByteBuffer b = ByteBuffer.wrap(buf, 0, p.getLength());
            Handshake h = open.get(b.getInt(4));
            if (h == null) {
                continue;
            }
            int type = option(buf, p.getLength(), 53, 0);
            byte[] yiaddr = {buf[16], buf[17], buf[18], buf[19]};
            int server = option(buf, p.getLength(), 54, 4);
            try {
                if (type == 2 && !h.requested) {
                    h.requested = true;
                    h.retried = false;
                    h.requestedAt = System.nanoTime();
                    offerMicros[h.index] = Math.max(1, (h.requestedAt - h.started) / 1000);
                    send(h, request(h, yiaddr, server));
                } else if (type == 5 && open.containsKey(h.xid)) {
                    ackMicros[h.index] = Math.max(1, (System.nanoTime() - h.requestedAt) / 1000);
                    openAtEnd[h.index] = open.size();
                    if (open.remove(h.xid) == null) {
                        continue; // expired meanwhile: counted as failed
                    }
                    // RFC 5737 leaves us one /24: give the address back at once
                    byte[] release = release(h, yiaddr, server);
                    socket.send(new DatagramPacket(release, release.length,
                            new InetSocketAddress(InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(server).array()), 67)));
                    ok.incrementAndGet();
                    slots.release();
                } else if (type == 6 && open.remove(h.xid) != null) {
                    failed.incrementAndGet();
                    slots.release();
                }
            } catch (Exception e) {
                // a send failed: the timeout will count it
            }
        }
    }

    /** The value of option {@code code}: one byte when {@code len} is 0, else a 4-byte big-endian int. */
    private static int option(byte[] b, int length, int code, int len) {
        int i = 240;
        while (i < length) {
            int c = b[i] & 0xff;
            if (c == 255) {
                break;
            }
            if (c == 0) {
                i++;
                continue;
            }
            if (i + 1 >= length) {
                break;
            }
            int l = b[i + 1] & 0xff;
            if (c == code && i + 2 + l <= length) {
                return len == 0 ? b[i + 2] & 0xff : ByteBuffer.wrap(b, i + 2, 4).getInt();
            }
            i += 2 + l;
        }
        return -1;
    }

    private static ByteBuffer header(Handshake h, int ciaddr) {
        ByteBuffer b = ByteBuffer.allocate(300);
        b.put((byte) 1).put((byte) 1).put((byte) 6).put((byte) 0).putInt(h.xid).putShort((short) 0)
                .putShort((short) 0x8000).putInt(ciaddr).putInt(0).putInt(0).putInt(0).put(h.mac);
        b.position(236);
        b.put(new byte[] {99, (byte) 130, 83, 99});
        return b;
    }

    private static byte[] discover(Handshake h) {
        ByteBuffer b = header(h, 0);
        b.put(new byte[] {53, 1, 1, 55, 3, 1, 3, 6, (byte) 255});
        return b.array();
    }

    private static byte[] request(Handshake h, byte[] yiaddr, int server) {
        ByteBuffer b = header(h, 0);
        b.put(new byte[] {53, 1, 3, 50, 4}).put(yiaddr).put(new byte[] {54, 4}).putInt(server)
                .put(new byte[] {55, 3, 1, 3, 6, (byte) 255});
        return b.array();
    }

    private static byte[] release(Handshake h, byte[] yiaddr, int server) {
        ByteBuffer b = header(h, ByteBuffer.wrap(yiaddr).getInt());
        b.put(new byte[] {53, 1, 7, 54, 4}).putInt(server).put((byte) 255);
        return b.array();
    }
}
