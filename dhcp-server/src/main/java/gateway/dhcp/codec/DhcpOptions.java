package gateway.dhcp.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The options of one message, in wire order, each code once. Repeated codes on the wire are
 * concatenated as RFC 3396 section 5 says, so a value may be longer than 255 bytes.
 */
public final class DhcpOptions {
    private static final DhcpOptions EMPTY = new DhcpOptions(new int[0], new byte[0][]);
    /** Codes and values in wire order; a handful per message, so arrays and a linear search beat a map. */
    private final int[] codes;
    private final byte[][] values;

    private DhcpOptions(int[] codes, byte[][] values) {
        this.codes = codes;
        this.values = values;
    }

    public static DhcpOptions empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        for (int i = 0; i < codes.length; i++) {
            b.put(codes[i], values[i]);
        }
        return b;
    }

    /** The codes in wire order. */
    public Set<Integer> codes() {
        Set<Integer> set = new LinkedHashSet<>();
        for (int c : codes) {
            set.add(c);
        }
        return Collections.unmodifiableSet(set);
    }

    public boolean has(int code) {
        return indexOf(codes, codes.length, code) >= 0;
    }

    /** The raw value, copied. */
    public Optional<byte[]> get(int code) {
        byte[] v = raw(code);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    public Optional<MessageType> messageType() {
        byte[] v = raw(OptionCode.MESSAGE_TYPE);
        return v == null || v.length != 1 ? Optional.empty() : Optional.ofNullable(MessageType.of(v[0] & 0xff));
    }

    public Optional<Ipv4> address(int code) {
        byte[] v = raw(code);
        return v == null || v.length != 4 ? Optional.empty() : Optional.of(Ipv4.of(v, 0));
    }

    public Optional<Long> seconds(int code) {
        byte[] v = raw(code);
        return v == null || v.length != 4 ? Optional.empty() : Optional.of(Ipv4.of(v, 0).unsigned());
    }

    public Optional<String> text(int code) {
        byte[] v = raw(code);
        if (v == null) {
            return Optional.empty();
        }
        int len = v.length;
        while (len > 0 && v[len - 1] == 0) {
            len--; // some clients NUL-terminate host names (RFC 2132 section 2 says they should not)
        }
        return Optional.of(new String(v, 0, len, StandardCharsets.US_ASCII));
    }

    /** Option 55 as a list of codes in the client's order of preference. */
    public List<Integer> parameterRequestList() {
        byte[] v = raw(OptionCode.PARAMETER_REQUEST_LIST);
        if (v == null) {
            return List.of();
        }
        List<Integer> list = new ArrayList<>(v.length);
        for (byte b : v) {
            list.add(b & 0xff);
        }
        return list;
    }

    /** Option 57, the largest message the client accepts; 576 when absent (RFC 2131 section 2). */
    public int maximumMessageSize() {
        byte[] v = raw(OptionCode.MAXIMUM_MESSAGE_SIZE);
        if (v == null || v.length != 2) {
            return 576;
        }
        return Math.max(576, ((v[0] & 0xff) << 8) | (v[1] & 0xff));
    }

    /** Raw bytes without copying, for the encoder. */
    byte[] raw(int code) {
        int i = indexOf(codes, codes.length, code);
        return i < 0 ? null : values[i];
    }

    /** How many options, and each by its wire position (for the encoder, without boxing). */
    int size() {
        return codes.length;
    }

    int codeAt(int i) {
        return codes[i];
    }

    byte[] valueAt(int i) {
        return values[i];
    }

    private static int indexOf(int[] codes, int size, int code) {
        for (int i = 0; i < size; i++) {
            if (codes[i] == code) {
                return i;
            }
        }
        return -1;
    }

    /** Same codes with the same values; wire order is not part of equality (82 always moves last). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DhcpOptions other) || other.codes.length != codes.length) {
            return false;
        }
        for (int i = 0; i < codes.length; i++) {
            if (!Arrays.equals(values[i], other.raw(codes[i]))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < codes.length; i++) {
            h += codes[i] * 17 + Arrays.hashCode(values[i]);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < codes.length; i++) {
            sb.append(i > 0 ? ", " : "").append(codes[i]).append('=').append(values[i].length).append('B');
        }
        return sb.append('}').toString();
    }

    /** Collects options in insertion order; putting a code again replaces its value in place, appending joins (RFC 3396). */
    public static final class Builder {
        private int[] codes = new int[16];
        private byte[][] values = new byte[16][];
        private int size;

        public Builder put(int code, byte[] value) {
            if (code <= 0 || code >= 255) {
                throw new IllegalArgumentException("pad and end are not options: " + code);
            }
            set(code, value.clone());
            return this;
        }

        /** Appends to an existing value, as a split option reassembles (RFC 3396 section 7). */
        Builder append(int code, byte[] buf, int off, int len) {
            byte[] old = get(code);
            byte[] joined = old == null ? new byte[len] : Arrays.copyOf(old, old.length + len);
            System.arraycopy(buf, off, joined, old == null ? 0 : old.length, len);
            set(code, joined);
            return this;
        }

        private byte[] get(int code) {
            int i = indexOf(codes, size, code);
            return i < 0 ? null : values[i];
        }

        /** Values are never changed in place once set, so built options may share them. */
        private void set(int code, byte[] value) {
            int i = indexOf(codes, size, code);
            if (i >= 0) {
                values[i] = value;
                return;
            }
            if (size == codes.length) {
                codes = Arrays.copyOf(codes, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            codes[size] = code;
            values[size] = value;
            size++;
        }

        public Builder putByte(int code, int value) {
            return put(code, new byte[] {(byte) value});
        }

        public Builder putAddress(int code, Ipv4 address) {
            return put(code, address.toBytes());
        }

        public Builder putAddresses(int code, List<Ipv4> addresses) {
            byte[] v = new byte[addresses.size() * 4];
            for (int i = 0; i < addresses.size(); i++) {
                System.arraycopy(addresses.get(i).toBytes(), 0, v, i * 4, 4);
            }
            return put(code, v);
        }

        public Builder putSeconds(int code, long seconds) {
            return put(code, new Ipv4((int) seconds).toBytes());
        }

        public Builder putText(int code, String text) {
            return put(code, text.getBytes(StandardCharsets.US_ASCII));
        }

        public Builder messageType(MessageType type) {
            return putByte(OptionCode.MESSAGE_TYPE, type.code());
        }

        public Builder remove(int code) {
            int i = indexOf(codes, size, code);
            if (i >= 0) {
                System.arraycopy(codes, i + 1, codes, i, size - i - 1);
                System.arraycopy(values, i + 1, values, i, size - i - 1);
                size--;
                values[size] = null;
            }
            return this;
        }

        public DhcpOptions build() {
            return size == 0 ? EMPTY : new DhcpOptions(Arrays.copyOf(codes, size), Arrays.copyOf(values, size));
        }
    }
}
