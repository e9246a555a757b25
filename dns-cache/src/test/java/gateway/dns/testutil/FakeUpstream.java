package gateway.dns.testutil;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.xbill.DNS.Message;

/**
 * A tiny DNS responder on 127.0.0.1 (UDP and TCP, same port) for loopback tests. The
 * function gets the query and "tcp"/"udp" and returns the answer, or null to stay silent.
 */
public final class FakeUpstream implements AutoCloseable {

  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final BiFunction<Message, String, Message> answer;
  private final AtomicInteger udpQueries = new AtomicInteger();
  private final AtomicInteger tcpQueries = new AtomicInteger();
  private volatile boolean closed;
  private volatile java.util.function.BiConsumer<Message, java.net.SocketAddress> beforeAnswer;

  public FakeUpstream(BiFunction<Message, String, Message> answer) throws IOException {
    this.answer = answer;
    InetAddress lo = InetAddress.getLoopbackAddress();
    DatagramSocket u = null;
    ServerSocket t = null;
    for (int i = 0; i < 10 && t == null; i++) {
      u = new DatagramSocket(new InetSocketAddress(lo, 0));
      try {
        t = new ServerSocket(u.getLocalPort(), 50, lo);
      } catch (IOException e) {
        u.close();
      }
    }
    if (t == null) {
      throw new IOException("no free port pair");
    }
    this.udp = u;
    this.tcp = t;
    Thread ut = new Thread(this::serveUdp, "fake-upstream-udp");
    ut.setDaemon(true);
    ut.start();
    Thread tt = new Thread(this::serveTcp, "fake-upstream-tcp");
    tt.setDaemon(true);
    tt.start();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort());
  }

  /** Called with each UDP query and the client's address before the answer is sent. */
  public void beforeAnswer(java.util.function.BiConsumer<Message, java.net.SocketAddress> hook) {
    this.beforeAnswer = hook;
  }

  /** Sends raw bytes from the upstream's own UDP socket. */
  public void sendRaw(byte[] data, java.net.SocketAddress to) throws IOException {
    udp.send(new DatagramPacket(data, data.length, to));
  }

  public int udpQueries() {
    return udpQueries.get();
  }

  public int tcpQueries() {
    return tcpQueries.get();
  }

  private void serveUdp() {
    byte[] buf = new byte[65535];
    while (!closed) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        udpQueries.incrementAndGet();
        byte[] data = java.util.Arrays.copyOf(p.getData(), p.getLength());
        Message q = new Message(data);
        if (beforeAnswer != null) {
          beforeAnswer.accept(q, p.getSocketAddress());
        }
        Message r = answer.apply(q, "udp");
        if (r != null) {
          byte[] out = r.toWire();
          udp.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
        }
      } catch (SocketException e) {
        return;
      } catch (IOException | RuntimeException e) {
        // a test responder ignores what it cannot parse
      }
    }
  }

  private void serveTcp() {
    while (!closed) {
      try (Socket s = tcp.accept()) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] data = new byte[in.readUnsignedShort()];
        in.readFully(data);
        tcpQueries.incrementAndGet();
        Message r = answer.apply(new Message(data), "tcp");
        if (r != null) {
          byte[] out = r.toWire();
          DataOutputStream o = new DataOutputStream(s.getOutputStream());
          o.writeShort(out.length);
          o.write(out);
          o.flush();
        }
      } catch (SocketException e) {
        if (closed) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        // ignore and accept the next connection
      }
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    udp.close();
    tcp.close();
  }
}
