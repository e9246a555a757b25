package gateway.proxy.handler;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import gateway.proxy.cache.HostResolver;
import gateway.proxy.intercept.IpLiteral;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Whether a Host name resolves to an original destination (the forgery check before storing an
 * intercepted response). IP literals are compared at once; names are resolved once a minute at
 * most, so the answer is usually ready before the response completes.
 */
final class HostCheck {
    private static final CompletionStage<Boolean> MATCH = CompletableFuture.completedFuture(true);
    private static final CompletionStage<Boolean> MISMATCH = CompletableFuture.completedFuture(false);
    private final HostResolver resolver;
    private final Cache<String, CompletionStage<Set<InetAddress>>> answers = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(1)).executor(Runnable::run).build();

    HostCheck(HostResolver resolver) {
        this.resolver = resolver;
    }

    CompletionStage<Boolean> matches(String host, InetAddress original) {
        if (IpLiteral.names(host, original)) {
            return MATCH;
        }
        if (IpLiteral.parse(host) != null) {
            return MISMATCH; // a literal of another address
        }
        return answers.get(host, h -> resolver.resolve(h).thenApply(list -> Set.copyOf(List.copyOf(list))))
                .thenApply(addresses -> addresses.contains(original))
                .exceptionally(e -> false);
    }
}
