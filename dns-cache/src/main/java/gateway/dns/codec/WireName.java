package gateway.dns.codec;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.Arrays;
import org.xbill.DNS.Name;

/**
 * A domain name as lower-cased, uncompressed wire bytes: the form in which names are compared
 * (RFC 4343: ASCII letters only are case-folded, every other byte is compared as is) and
 * looked up, without building a dnsjava {@link Name} for every query. Immutable; equal when
 * the bytes are equal.
 */
public final class WireName {

  /** Longest name on the wire, length bytes included (RFC 1035 section 3.1). */
  public static final int MAX_LENGTH = 255;

  private final byte[] wire;
  private final int hash;

  private WireName(byte[] lowerCasedWire) {
    this.wire = lowerCasedWire;
    this.hash = Arrays.hashCode(lowerCasedWire);
  }

  /** The wire form of {@code name}, which must be absolute. */
  public static WireName of(Name name) {
    if (!name.isAbsolute()) {
      throw new IllegalArgumentException("wire names need absolute names: " + name);
    }
    return new WireName(name.toWireCanonical());
  }

  /**
   * Copies and lower-cases {@code length} bytes at {@code offset} of {@code buf}, which the
   * caller has checked to be one uncompressed, absolute name (see {@link WireQuestion}).
   */
  static WireName copyOf(ByteBuf buf, int offset, int length) {
    byte[] b = new byte[length];
    buf.getBytes(offset, b);
    for (int i = 0; i < length; i++) {
      b[i] = lower(b[i]);
    }
    return new WireName(b);
  }

  /** ASCII lower case of one byte; length bytes (<= 63) are never letters, so are left alone. */
  static byte lower(byte b) {
    return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
  }

  /** The name as dnsjava's {@link Name} (lower case). */
  public Name toName() {
    try {
      return new Name(wire);
    } catch (IOException e) {
      throw new IllegalStateException("a wire name that no longer parses", e); // we built it
    }
  }

  /** Length on the wire, including the final root label. */
  public int length() {
    return wire.length;
  }

  /**
   * True when this name is {@code zone} or lies below it: {@code zone}'s bytes end this
   * name's bytes at a label boundary.
   */
  public boolean isAtOrBelow(WireName zone) {
    int start = wire.length - zone.wire.length;
    if (start < 0) {
      return false;
    }
    int at = 0;
    while (at < start) { // walk the labels: a suffix match must start on a label
      at += (wire[at] & 0xff) + 1;
    }
    return at == start
        && Arrays.equals(wire, start, wire.length, zone.wire, 0, zone.wire.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WireName w && hash == w.hash && Arrays.equals(wire, w.wire);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return toName().toString();
  }
}
