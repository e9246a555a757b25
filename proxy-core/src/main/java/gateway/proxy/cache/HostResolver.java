package gateway.proxy.cache;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Resolves a Host name for the forgery check (squid's defence against CVE-2009-0801): an
 * intercepted response is stored only if its Host resolves to the connection's original
 * destination. gateway-app can plug in the gateway's own resolver.
 */
@FunctionalInterface
public interface HostResolver {
    CompletionStage<List<InetAddress>> resolve(String host);

    /** The JDK resolver, run on the given executor (it blocks). */
    static HostResolver system(Executor executor) {
        return host -> CompletableFuture.supplyAsync(() -> {
            try {
                return List.of(InetAddress.getAllByName(host));
            } catch (java.net.UnknownHostException e) {
                return List.of();
            }
        }, executor);
    }
}
