package gateway.dhcp.metrics;

import gateway.dhcp.codec.DhcpParseException;
import gateway.dhcp.codec.MessageType;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of everything {@link DhcpListener} reports; thread-safe, cheap. */
public final class DhcpCounters implements DhcpListener {
    private final Map<DhcpParseException.Reason, LongAdder> malformed = new EnumMap<>(DhcpParseException.Reason.class);
    private final Map<MessageType, LongAdder> received = new EnumMap<>(MessageType.class);
    private final Map<MessageType, LongAdder> replied = new EnumMap<>(MessageType.class);
    private final LongAdder ignored = new LongAdder();
    private final AtomicLong conflicts = new AtomicLong();

    public DhcpCounters() {
        for (DhcpParseException.Reason r : DhcpParseException.Reason.values()) {
            malformed.put(r, new LongAdder());
        }
        for (MessageType t : MessageType.values()) {
            received.put(t, new LongAdder());
            replied.put(t, new LongAdder());
        }
    }

    @Override
    public void malformed(DhcpParseException.Reason reason) {
        malformed.get(reason).increment();
    }

    @Override
    public void received(MessageType type) {
        received.get(type).increment();
    }

    @Override
    public void replied(MessageType reply) {
        replied.get(reply).increment();
    }

    @Override
    public void ignored(String reason) {
        ignored.increment();
    }

    @Override
    public void conflict() {
        conflicts.incrementAndGet();
    }

    public long malformedCount(DhcpParseException.Reason reason) {
        return malformed.get(reason).sum();
    }

    public long malformedTotal() {
        return malformed.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long repliedCount(MessageType type) {
        return replied.get(type).sum();
    }

    /** Name → count, e.g. "received.DISCOVER", "malformed.TRUNCATED"; for status output. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        received.forEach((k, v) -> m.put("received." + k, v.sum()));
        replied.forEach((k, v) -> m.put("replied." + k, v.sum()));
        malformed.forEach((k, v) -> m.put("malformed." + k, v.sum()));
        m.put("ignored", ignored.sum());
        m.put("conflicts", conflicts.get());
        return m;
    }
}
