package gateway.dhcp.lease;

import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.config.AddressRange;
import gateway.dhcp.config.SubnetConfig;
import java.time.Instant;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The addresses of one subnet's pools in the order {@link LeaseAllocator} hands them out (RFC
 * 2131 section 4.3.1 leaves the order to the server): never used first, in pool order; then the
 * one free the longest. It follows every change of the {@link LeaseTable}, so choosing an address
 * costs a few set lookups instead of a scan of the pool for each DISCOVER.
 *
 * <p>Positions number the pool addresses in config order (ranges in order, each ascending); an
 * address in two ranges counts once, at its first. Excluded, reserved and the server's own
 * addresses are never handed out from the pool and are left out. Not thread-safe: the allocator
 * calls it under its lock.
 */
final class FreeAddresses {
    private final SubnetConfig subnet;
    private final AddressRange[] ranges;
    private final long[] rangeStart;
    private final int size;
    private final Set<Ipv4> left;
    /** Positions with no lease in the table (never used, or forgotten after a decline hold). */
    private final BitSet neverUsed = new BitSet();
    /** Released or expired leases, by the time they became free. */
    private final TreeSet<Entry> released = new TreeSet<>(Entry.ORDER);
    /** Bound or declined leases, by the time they stop holding their address. */
    private final TreeSet<Entry> holding = new TreeSet<>(Entry.ORDER);
    private final Map<Integer, Entry> byPosition = new HashMap<>();

    private record Entry(Instant expires, int position, boolean holds) {
        static final Comparator<Entry> ORDER = Comparator.comparing(Entry::expires).thenComparingInt(Entry::position);
    }

    /** @param reserved addresses reserved for particular clients, never given to others from the pool */
    FreeAddresses(SubnetConfig subnet, Set<Ipv4> reserved) {
        this.subnet = subnet;
        this.ranges = subnet.pools().toArray(AddressRange[]::new);
        this.rangeStart = new long[ranges.length];
        long total = 0;
        for (int i = 0; i < ranges.length; i++) {
            rangeStart[i] = total;
            total += ranges[i].size();
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pools of " + subnet.interfaceName() + " are too large: " + total);
        }
        this.size = (int) total;
        this.left = reserved;
        for (int p = 0; p < size; p++) {
            Ipv4 a = addressAt(p);
            if (positionOf(a) == p && handedOut(a)) {
                neverUsed.set(p);
            }
        }
    }

    /** Whether this index covers {@code s} (the allocator keeps one per subnet). */
    boolean serves(SubnetConfig s) {
        return subnet == s || subnet.equals(s);
    }

    /** Follows the table: {@code now} is the address's lease after a change, null when it has none. */
    void changed(Ipv4 address, Lease now) {
        int p = positionOf(address);
        if (p < 0 || !handedOut(address)) {
            return;
        }
        Entry old = byPosition.remove(p);
        if (old != null) {
            (old.holds() ? holding : released).remove(old);
        }
        if (now == null) {
            neverUsed.set(p);
            return;
        }
        neverUsed.clear(p);
        boolean holds = now.state() == LeaseState.BOUND || now.state() == LeaseState.DECLINED;
        Entry e = new Entry(now.expires(), p, holds);
        byPosition.put(p, e);
        (holds ? holding : released).add(e);
    }

    /**
     * The address to offer a new client: the first never-used one in pool order that
     * {@code available} accepts, else the one free the longest (a released or expired lease, or a
     * binding or decline hold that ran out before {@code now}); empty when the pool is exhausted.
     * {@code available} turns down addresses offered to other clients a moment ago.
     */
    Optional<Ipv4> pick(Instant now, Predicate<Ipv4> available) {
        for (int p = neverUsed.nextSetBit(0); p >= 0; p = neverUsed.nextSetBit(p + 1)) {
            Ipv4 a = addressAt(p);
            if (available.test(a)) {
                return Optional.of(a);
            }
        }
        Entry best = first(released.iterator(), null, available);
        Entry ranOut = first(holding.iterator(), now, available);
        if (best == null || (ranOut != null && Entry.ORDER.compare(ranOut, best) < 0)) {
            best = ranOut;
        }
        return best == null ? Optional.empty() : Optional.of(addressAt(best.position()));
    }

    /** The first entry whose address {@code available} accepts; with {@code until}, only entries that ended by then. */
    private Entry first(Iterator<Entry> entries, Instant until, Predicate<Ipv4> available) {
        while (entries.hasNext()) {
            Entry e = entries.next();
            if (until != null && e.expires().isAfter(until)) {
                return null; // ordered by expiry: every later one still holds its address
            }
            if (available.test(addressAt(e.position()))) {
                return e;
            }
        }
        return null;
    }

    /** Addresses the pool hands out: in a range, not excluded, not the server's, not reserved. */
    private boolean handedOut(Ipv4 a) {
        return subnet.inPool(a) && !left.contains(a);
    }

    private Ipv4 addressAt(int position) {
        int i = ranges.length - 1;
        while (rangeStart[i] > position) {
            i--;
        }
        return ranges[i].first().plus(position - rangeStart[i]);
    }

    /** The first position of {@code a}, or -1 when it is in no range. */
    private int positionOf(Ipv4 a) {
        for (int i = 0; i < ranges.length; i++) {
            if (ranges[i].contains(a)) {
                return (int) (rangeStart[i] + a.unsigned() - ranges[i].first().unsigned());
            }
        }
        return -1;
    }
}
