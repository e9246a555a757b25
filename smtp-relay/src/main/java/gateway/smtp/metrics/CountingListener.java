package gateway.smtp.metrics;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/** Counters for the status page; also handy in tests. */
public final class CountingListener implements SmtpRelayListener {
    public final LongAdder refused = new LongAdder();
    public final LongAdder accepted = new LongAdder();
    public final LongAdder rejected = new LongAdder();
    public final LongAdder delivered = new LongAdder();
    public final LongAdder deferred = new LongAdder();
    public final LongAdder bounced = new LongAdder();
    public final LongAdder connections = new LongAdder();

    @Override
    public void sessionRefused(InetAddress client, int code, String reason) {
        refused.increment();
    }

    @Override
    public void messageAccepted(String id, int recipients, long bytes) {
        accepted.increment();
    }

    @Override
    public void messageRejected(InetAddress client, int code, String reason) {
        rejected.increment();
    }

    @Override
    public void recipientDelivered(String id, String recipient, Duration age) {
        delivered.increment();
    }

    @Override
    public void deliveryDeferred(String id, int remaining, String error) {
        deferred.increment();
    }

    @Override
    public void bounced(String id, int recipients, String reason) {
        bounced.increment();
    }

    @Override
    public void upstreamConnected(String host, String tlsProtocol) {
        connections.increment();
    }
}
