package gateway.dhcp.lease;

import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.config.DhcpConfig;
import gateway.dhcp.config.Reservation;
import gateway.dhcp.config.SubnetConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Lease decisions of RFC 2131 section 4.3, with no I/O: the handler asks, persists what
 * {@link Decision.Ack} and the returned leases say, and answers. Thread-safe (one lock): several
 * interfaces may ask at once.
 */
public final class LeaseAllocator {
    /** How long an OFFER keeps its address for the client (RFC 2131 section 4.3.1 leaves it to the server). */
    static final Duration OFFER_HOLD = Duration.ofSeconds(60);

    private final DhcpConfig config;
    private final LeaseTable table;
    private final Clock clock;
    private final LeaseStore store;
    private final Map<String, Reservation> byClientId = new HashMap<>();
    private final Map<String, Reservation> byMac = new HashMap<>();
    private final Map<Ipv4, Reservation> byReservedAddress = new HashMap<>();
    private final Map<Ipv4, PendingOffer> offers = new HashMap<>();
    private final List<FreeAddresses> free = new ArrayList<>();

    private record PendingOffer(ClientKey client, Instant until) {
    }

    public LeaseAllocator(DhcpConfig config, LeaseTable table, LeaseStore store, Clock clock) {
        this.config = config;
        this.table = table;
        this.store = store;
        this.clock = clock;
        for (Reservation r : config.reservations()) {
            r.clientId().ifPresent(id -> byClientId.put(id, r));
            r.mac().ifPresent(mac -> byMac.put(mac, r));
            byReservedAddress.put(r.address(), r);
        }
        config.subnets().forEach(this::freeAddresses);
        table.watch((address, lease) -> free.forEach(f -> f.changed(address, lease)));
    }

    /** The free-address index of {@code s}, made (from the table) the first time a subnet is seen. */
    private FreeAddresses freeAddresses(SubnetConfig s) {
        for (FreeAddresses f : free) {
            if (f.serves(s)) {
                return f;
            }
        }
        FreeAddresses f = new FreeAddresses(s, byReservedAddress.keySet());
        for (Lease l : table.all()) {
            f.changed(l.address(), l);
        }
        free.add(f);
        return f;
    }

    /** The client's reservation: by client identifier first, then by MAC (RFC 2131 section 4.2). */
    public Optional<Reservation> reservationOf(ClientInfo c) {
        String id = c.key().clientIdHex();
        Reservation r = id == null ? null : byClientId.get(id);
        return Optional.ofNullable(r != null ? r : byMac.get(c.mac()));
    }

    /** DHCPDISCOVER: choose an address as RFC 2131 section 4.3.1 orders the choices. */
    public synchronized Decision discover(SubnetConfig s, ClientInfo c, Optional<Ipv4> requested) {
        Instant now = clock.instant();
        Optional<Reservation> reservation = reservationOf(c);
        if (config.reservedOnly() && reservation.isEmpty()) {
            return new Decision.Ignore("reserved-only mode and " + c.key() + " has no reservation");
        }
        Optional<Lease> known = table.of(c.key()).filter(l -> s.contains(l.address()));
        Ipv4 chosen;
        if (reservation.isPresent()) {
            chosen = reservation.get().address();
            if (!s.contains(chosen)) {
                return new Decision.Ignore("reserved address " + chosen + " is not on " + s.interfaceName());
            }
            if (!available(chosen, c.key(), now)) {
                return new Decision.Ignore("reserved address " + chosen + " is still held by another client");
            }
        } else if (known.isPresent() && allowed(s, known.get().address(), c) && available(known.get().address(), c.key(), now)) {
            chosen = known.get().address();
        } else if (requested.isPresent() && allowed(s, requested.get(), c) && available(requested.get(), c.key(), now)) {
            chosen = requested.get();
        } else {
            Optional<Ipv4> free = freeAddress(s, c, now);
            if (free.isEmpty()) {
                return new Decision.Ignore("pool exhausted on " + s.interfaceName() + ": no free address for " + c.key());
            }
            chosen = free.get();
        }
        Optional<Lease> previous = table.at(chosen);
        boolean probe = previous.isEmpty() || !previous.get().client().equals(c.key());
        offers.put(chosen, new PendingOffer(c.key(), now.plus(OFFER_HOLD)));
        Duration granted = LeaseTime.grant(s.leaseTime(), c.requestedLeaseTime());
        return new Decision.Offer(lease(chosen, c, reservation, LeaseState.BOUND, now.plus(granted)), granted, probe);
    }

    /** DHCPREQUEST in each client state of RFC 2131 section 4.3.2. */
    public synchronized Decision request(SubnetConfig s, ClientInfo c, Ipv4 ciaddr, Optional<Ipv4> requested,
            Optional<Ipv4> serverId) {
        Instant now = clock.instant();
        Optional<Reservation> reservation = reservationOf(c);
        if (config.reservedOnly() && reservation.isEmpty()) {
            return new Decision.Ignore("reserved-only mode and " + c.key() + " has no reservation");
        }
        if (serverId.isPresent()) { // SELECTING
            if (!serverId.get().equals(s.serverAddress())) {
                offers.entrySet().removeIf(e -> e.getValue().client().equals(c.key()));
                return new Decision.Ignore(c.key() + " chose server " + serverId.get());
            }
            if (requested.isEmpty()) {
                return new Decision.Nak("SELECTING request without requested address");
            }
            Ipv4 a = requested.get();
            PendingOffer offer = offers.get(a);
            boolean ours = (offer != null && offer.client().equals(c.key()))
                    || table.at(a).filter(l -> l.client().equals(c.key())).isPresent();
            if (!ours || !allowed(s, a, c) || !available(a, c.key(), now)) {
                return new Decision.Nak(a + " was not offered to " + c.key());
            }
            return bind(s, c, a, reservation, now);
        }
        if (ciaddr.isAny()) { // INIT-REBOOT
            if (requested.isEmpty()) {
                return new Decision.Ignore("INIT-REBOOT request without requested address");
            }
            return confirm(s, c, requested.get(), reservation, now);
        }
        return confirm(s, c, ciaddr, reservation, now); // RENEWING or REBINDING
    }

    private Decision confirm(SubnetConfig s, ClientInfo c, Ipv4 a, Optional<Reservation> reservation, Instant now) {
        if (!s.contains(a)) {
            return new Decision.Nak(a + " is not on the network of " + s.interfaceName());
        }
        Optional<Lease> lease = table.at(a);
        boolean mine = lease.isPresent() && lease.get().client().equals(c.key()) && lease.get().state() != LeaseState.DECLINED;
        if (mine && allowed(s, a, c) && available(a, c.key(), now)) {
            return bind(s, c, a, reservation, now);
        }
        if (mine || lease.filter(l -> l.holdsAddress(now)).isPresent()) {
            return new Decision.Nak(a + " is not available to " + c.key());
        }
        if (reservation.isPresent() && !reservation.get().address().equals(a)) {
            return new Decision.Nak(c.key() + " is reserved " + reservation.get().address() + ", not " + a);
        }
        if (table.of(c.key()).isPresent()) {
            return new Decision.Nak(c.key() + " holds another address than " + a);
        }
        return new Decision.Ignore("no record of " + c.key() + " for " + a + " (RFC 2131 4.3.2: remain silent)");
    }

    private Decision bind(SubnetConfig s, ClientInfo c, Ipv4 a, Optional<Reservation> reservation, Instant now) {
        Optional<Lease> before = table.at(a);
        boolean renewal = before.isPresent() && before.get().client().equals(c.key())
                && before.get().state() == LeaseState.BOUND && before.get().expires().isAfter(now);
        Duration granted = LeaseTime.grant(s.leaseTime(), c.requestedLeaseTime());
        Lease bound = lease(a, c, reservation, LeaseState.BOUND, now.plus(granted)); // the journal keeps this expiry
        offers.remove(a);
        table.apply(bound);
        return new Decision.Ack(bound, granted, renewal, store.persist(bound));
    }

    /** DHCPDECLINE: the address is in use by someone else; hold it back (RFC 2131 section 4.3.3). */
    public synchronized Optional<Lease> decline(ClientInfo c, Ipv4 address) {
        Optional<Lease> lease = table.at(address).filter(l -> l.client().equals(c.key()));
        PendingOffer offer = offers.get(address);
        if (lease.isEmpty() && (offer == null || !offer.client().equals(c.key()))) {
            return Optional.empty(); // a decline for an address we never gave this client: ignore it
        }
        return Optional.of(hold(address, c));
    }

    /** A conflict probe was answered: hold the address back like a declined one. */
    public synchronized Lease conflict(Ipv4 address, ClientInfo offeredTo) {
        return hold(address, offeredTo);
    }

    private Lease hold(Ipv4 address, ClientInfo c) {
        offers.remove(address);
        Lease held = new Lease(address, c.key(), c.mac(), Optional.empty(), clock.instant().plus(config.declineHold()),
                LeaseState.DECLINED);
        table.apply(held);
        store.persist(held);
        return held;
    }

    /** DHCPRELEASE (RFC 2131 section 4.3.4): free the address but remember it for this client. */
    public synchronized Optional<Lease> release(ClientInfo c, Ipv4 ciaddr) {
        Optional<Lease> lease = table.at(ciaddr)
                .filter(l -> l.client().equals(c.key()) && l.state() == LeaseState.BOUND);
        Optional<Lease> released = lease.map(l -> l.with(LeaseState.RELEASED, clock.instant()));
        released.ifPresent(l -> {
            table.apply(l);
            store.append(l); // no reply waits for it: fsynced with the next ACK's batch
        });
        return released;
    }

    /** Expired bindings become EXPIRED (returned for the journal and listeners); elapsed holds are forgotten. */
    public synchronized List<Lease> reclaim() {
        Instant now = clock.instant();
        List<Lease> expired = new ArrayList<>();
        for (Lease l : table.all()) {
            if (l.state() == LeaseState.BOUND && !l.expires().isAfter(now)) {
                Lease e = l.with(LeaseState.EXPIRED, l.expires());
                table.apply(e);
                store.append(e); // a lost expiry replays as a binding that ran out: the same
                expired.add(e);
            } else if (l.state() == LeaseState.DECLINED && !l.expires().isAfter(now)) {
                table.remove(l.address());
            }
        }
        offers.values().removeIf(o -> !o.until().isAfter(now));
        return expired;
    }

    /** Bound, unexpired leases, for `gateway leases` and DNS names. */
    public synchronized List<Lease> activeLeases() {
        Instant now = clock.instant();
        return table.all().stream().filter(l -> l.state() == LeaseState.BOUND && l.expires().isAfter(now))
                .sorted(Comparator.comparing(Lease::address)).toList();
    }

    /** Rewrites the store with the current table (see {@link LeaseStore#compact}). */
    public synchronized CompletableFuture<Void> compactStore() {
        return store.compact(table.all());
    }

    /** The client's current or last lease. */
    public synchronized Optional<Lease> leaseOf(ClientKey client) {
        return table.of(client);
    }

    public synchronized List<Lease> snapshot() {
        return table.all();
    }

    /** In the pool (or reserved for this client) and not reserved for anyone else. */
    private boolean allowed(SubnetConfig s, Ipv4 a, ClientInfo c) {
        Reservation r = byReservedAddress.get(a);
        if (r != null) {
            return reservationOf(c).filter(mine -> mine.address().equals(a)).isPresent() && s.contains(a);
        }
        return s.inPool(a);
    }

    /** Not held by another client, and not offered to another client a moment ago. */
    private boolean available(Ipv4 a, ClientKey client, Instant now) {
        Optional<Lease> lease = table.at(a);
        if (lease.isPresent() && lease.get().holdsAddress(now)
                && (lease.get().state() == LeaseState.DECLINED || !lease.get().client().equals(client))) {
            return false;
        }
        PendingOffer offer = offers.get(a);
        return offer == null || offer.client().equals(client) || !offer.until().isAfter(now);
    }

    /** A never-used address first; else the one free the longest (RFC 2131 section 4.3.1 leaves the order open). */
    private Optional<Ipv4> freeAddress(SubnetConfig s, ClientInfo c, Instant now) {
        return freeAddresses(s).pick(now, a -> available(a, c.key(), now));
    }

    private static Lease lease(Ipv4 a, ClientInfo c, Optional<Reservation> r, LeaseState state, Instant expires) {
        Optional<String> name = r.flatMap(Reservation::hostName).or(c::hostName);
        return new Lease(a, c.key(), c.mac(), name, expires, state);
    }
}
