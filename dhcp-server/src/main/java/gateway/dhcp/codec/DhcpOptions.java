package gateway.dhcp.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of one message, in wire order, each code once. Repeated codes on the wire are
 * concatenated as RFC 3396 section 5 says, so a value may be longer than 255 bytes.
 */
public final class DhcpOptions {
    private static final DhcpOptions EMPTY = new DhcpOptions(Map.of());
    private final Map<Integer, byte[]> values;

    private DhcpOptions(Map<Integer, byte[]> values) {
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
        values.forEach(b::put);
        return b;
    }

    public Set<Integer> codes() {
        return Collections.unmodifiableSet(values.keySet());
    }

    public boolean has(int code) {
        return values.containsKey(code);
    }

    /** The raw value, copied. */
    public Optional<byte[]> get(int code) {
        byte[] v = values.get(code);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    public Optional<MessageType> messageType() {
        byte[] v = values.get(OptionCode.MESSAGE_TYPE);
        return v == null || v.length != 1 ? Optional.empty() : Optional.ofNullable(MessageType.of(v[0] & 0xff));
    }

    public Optional<Ipv4> address(int code) {
        byte[] v = values.get(code);
        return v == null || v.length != 4 ? Optional.empty() : Optional.of(Ipv4.of(v, 0));
    }

    public Optional<Long> seconds(int code) {
        byte[] v = values.get(code);
        return v == null || v.length != 4 ? Optional.empty() : Optional.of(Ipv4.of(v, 0).unsigned());
    }

    public Optional<String> text(int code) {
        byte[] v = values.get(code);
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
        byte[] v = values.get(OptionCode.PARAMETER_REQUEST_LIST);
        if (v == null) {
            return List.of();
        }
        List<Integer> codes = new ArrayList<>(v.length);
        for (byte b : v) {
            codes.add(b & 0xff);
        }
        return codes;
    }

    /** Option 57, the largest message the client accepts; 576 when absent (RFC 2131 section 2). */
    public int maximumMessageSize() {
        byte[] v = values.get(OptionCode.MAXIMUM_MESSAGE_SIZE);
        if (v == null || v.length != 2) {
            return 576;
        }
        return Math.max(576, ((v[0] & 0xff) << 8) | (v[1] & 0xff));
    }

    /** Raw bytes without copying, for the encoder. */
    byte[] raw(int code) {
        return values.get(code);
    }

    /** Same codes with the same values; wire order is not part of equality (82 always moves last). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DhcpOptions other) || !other.values.keySet().equals(values.keySet())) {
            return false;
        }
        return values.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), other.values.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<Integer, byte[]> e : values.entrySet()) {
            h += e.getKey() * 17 + Arrays.hashCode(e.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(v.length).append('B'));
        return sb.append('}').toString();
    }

    /** Collects options in insertion order; putting a code again appends to it (RFC 3396). */
    public static final class Builder {
        private final Map<Integer, byte[]> values = new LinkedHashMap<>();

        public Builder put(int code, byte[] value) {
            if (code <= 0 || code >= 255) {
                throw new IllegalArgumentException("pad and end are not options: " + code);
            }
            values.put(code, value.clone());
            return this;
        }

        /** Appends to an existing value, as a split option reassembles (RFC 3396 section 7). */
        Builder append(int code, byte[] buf, int off, int len) {
            byte[] old = values.get(code);
            byte[] joined = old == null ? new byte[len] : Arrays.copyOf(old, old.length + len);
            System.arraycopy(buf, off, joined, old == null ? 0 : old.length, len);
            values.put(code, joined);
            return this;
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
            values.remove(code);
            return this;
        }

        public DhcpOptions build() {
            return values.isEmpty() ? EMPTY : new DhcpOptions(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }
    }
}
