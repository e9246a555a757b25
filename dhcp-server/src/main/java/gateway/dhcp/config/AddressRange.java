package gateway.dhcp.config;

import gateway.dhcp.codec.Ipv4;

/** An inclusive range of addresses handed out from a pool. */
public record AddressRange(Ipv4 first, Ipv4 last) {
    public AddressRange {
        if (first == null || last == null || first.compareTo(last) > 0) {
            throw new IllegalArgumentException("range needs first <= last: " + first + "-" + last);
        }
    }

    /** Parses "192.0.2.100-192.0.2.199" or a single address. */
    public static AddressRange parse(String text) {
        int dash = text.indexOf('-');
        if (dash < 0) {
            Ipv4 one = Ipv4.parse(text);
            return new AddressRange(one, one);
        }
        return new AddressRange(Ipv4.parse(text.substring(0, dash)), Ipv4.parse(text.substring(dash + 1)));
    }

    public boolean contains(Ipv4 a) {
        return first.compareTo(a) <= 0 && a.compareTo(last) <= 0;
    }

    public long size() {
        return last.unsigned() - first.unsigned() + 1;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
