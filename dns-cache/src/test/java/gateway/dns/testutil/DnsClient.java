package gateway.dns.testutil;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import org.xbill.DNS.Message;

/** Blocking test client: one query, one answer, over UDP or TCP. */
public final class DnsClient {

  /** Generous: CI shares two cores; a lost answer fails the test, it never waits for nothing. */
  private static final int TIMEOUT_MS = 10_000;

  private DnsClient() {}

  public static Message udp(InetSocketAddress server, Message query) throws IOException {
    return new Message(udpRaw(server, query.toWire()));
  }

  /**
   * Asks up to {@code attempts} times, 2 s each: after a flood the server's socket buffer may
   * drop a datagram, which is UDP, not a failure of the server.
   */
  public static Message udpRetrying(InetSocketAddress server, Message query, int attempts)
      throws IOException {
    for (int i = 1; ; i++) {
      try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
        s.setSoTimeout(2000);
        byte[] packet = query.toWire();
        s.send(new DatagramPacket(packet, packet.length, server));
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return new Message(Arrays.copyOf(buf, p.getLength()));
      } catch (java.net.SocketTimeoutException e) {
        if (i >= attempts) {
          throw e;
        }
      }
    }
  }

  public static byte[] udpRaw(InetSocketAddress server, byte[] packet) throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
      s.setSoTimeout(TIMEOUT_MS);
      s.send(new DatagramPacket(packet, packet.length, server));
      byte[] buf = new byte[65535];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      s.receive(p);
      return Arrays.copyOf(buf, p.getLength());
    }
  }

  public static Message tcp(InetSocketAddress server, Message query) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(server, TIMEOUT_MS);
      s.setSoTimeout(TIMEOUT_MS);
      byte[] wire = query.toWire();
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeShort(wire.length);
      out.write(wire);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] answer = new byte[in.readUnsignedShort()];
      in.readFully(answer);
      return new Message(answer);
    }
  }
}
