package gateway.dhcp.handler;

import gateway.dhcp.codec.DhcpMessage;
import gateway.dhcp.codec.Ipv4;
import gateway.dhcp.reply.Destination;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** What the socket side does for one request. */
public sealed interface Outcome {
    /** Send {@code reply} to {@code to} once {@code ready} completes (the lease is durable); on failure, send nothing. */
    record Reply(DhcpMessage reply, Destination to, int maxMessageSize, CompletableFuture<Void> ready,
            Runnable afterSent) implements Outcome {
    }

    /** Probe {@code address} first; then ask {@code then} with whether something answered. */
    record ProbeFirst(Ipv4 address, Function<Boolean, Outcome> then) implements Outcome {
    }

    /** Send nothing. */
    record Silent(String reason) implements Outcome {
    }
}
