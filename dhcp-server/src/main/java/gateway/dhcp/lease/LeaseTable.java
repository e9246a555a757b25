package gateway.dhcp.lease;

import gateway.dhcp.codec.Ipv4;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The remembered bindings, indexed by address and by client. Its one rule, kept by
 * {@link #apply}, is that a client is bound to at most one address and an address to at most one
 * client; the journal replays through the same method, so recovery keeps the rule too.
 */
public final class LeaseTable {
    private final Map<Ipv4, Lease> byAddress = new HashMap<>();
    private final Map<ClientKey, Ipv4> byClient = new HashMap<>();
    private final List<BiConsumer<Ipv4, Lease>> watchers = new ArrayList<>();

    /**
     * Calls {@code watcher} after every change of an address's lease, with the new lease or null
     * when the address has none any more (indexes built on the table follow it so).
     */
    public void watch(BiConsumer<Ipv4, Lease> watcher) {
        watchers.add(watcher);
    }

    private void changed(Ipv4 address, Lease now) {
        for (BiConsumer<Ipv4, Lease> w : watchers) {
            w.accept(address, now);
        }
    }

    /** Records {@code lease} as the latest state of its address, forgetting what it replaces. */
    public void apply(Lease lease) {
        Lease old = byAddress.put(lease.address(), lease);
        changed(lease.address(), lease);
        if (old != null && !old.client().equals(lease.client()) && lease.address().equals(byClient.get(old.client()))) {
            byClient.remove(old.client());
        }
        if (lease.state() == LeaseState.DECLINED) {
            if (lease.address().equals(byClient.get(lease.client()))) {
                byClient.remove(lease.client());
            }
            return;
        }
        Ipv4 previous = byClient.put(lease.client(), lease.address());
        if (previous != null && !previous.equals(lease.address())) {
            Lease stale = byAddress.get(previous);
            if (stale != null && stale.client().equals(lease.client())) {
                byAddress.remove(previous); // the client moved; its old address is free again
                changed(previous, null);
            }
        }
    }

    public void remove(Ipv4 address) {
        Lease old = byAddress.remove(address);
        if (old == null) {
            return;
        }
        changed(address, null);
        if (address.equals(byClient.get(old.client()))) {
            byClient.remove(old.client());
        }
    }

    public Optional<Lease> at(Ipv4 address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    /** The client's current or last address (bound, released or expired). */
    public Optional<Lease> of(ClientKey client) {
        Ipv4 a = byClient.get(client);
        return a == null ? Optional.empty() : Optional.ofNullable(byAddress.get(a));
    }

    public List<Lease> all() {
        return new ArrayList<>(byAddress.values());
    }

    public int size() {
        return byAddress.size();
    }
}
