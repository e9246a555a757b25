package gateway.proxy.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the proxy needs to know, validated eagerly.
 *
 * @param explicitListen  where the classic forward proxy listens, empty to disable
 * @param transparentListen where the TPROXY listener binds (IP_TRANSPARENT, epoll only), empty to disable
 * @param connectPorts    ports CONNECT may tunnel to
 * @param spoofClientAddress source address choice for upstream connections of intercepted requests
 * @param connectTimeout  upstream connect timeout (a timeout answers 504)
 * @param spoofProbeTimeout in {@link SpoofMode#AUTO}, how long a spoofed connect may take before the
 *                        gateway's own address is tried
 * @param headerReadTimeout how long a client may take to send a complete request head (then 408)
 * @param idleTimeout     how long a client connection may sit idle between requests
 * @param upstreamIdleTimeout how long an idle pooled upstream connection is kept
 * @param responseTimeout how long an upstream may take to start its response (then 504)
 * @param maxIdlePerOrigin how many idle upstream connections are kept per origin
 * @param maxInitialLineLength longest request line accepted (longer answers 414)
 * @param maxHeaderSize   largest request head accepted (larger answers 431)
 * @param viaPseudonym    the received-by name in our Via header; also how loops are recognised
 * @param accessLog       "-" for stdout, a file path to append to, or "" for no access log
 * @param cache           the shared cache
 */
public record ProxyConfig(
        Optional<InetSocketAddress> explicitListen,
        Optional<InetSocketAddress> transparentListen,
        Set<Integer> connectPorts,
        SpoofMode spoofClientAddress,
        Duration connectTimeout,
        Duration spoofProbeTimeout,
        Duration headerReadTimeout,
        Duration idleTimeout,
        Duration upstreamIdleTimeout,
        Duration responseTimeout,
        int maxIdlePerOrigin,
        int maxInitialLineLength,
        int maxHeaderSize,
        String viaPseudonym,
        String accessLog,
        CacheConfig cache) {

    public ProxyConfig {
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(explicitListen, "explicitListen");
        Objects.requireNonNull(transparentListen, "transparentListen");
        connectPorts = Set.copyOf(connectPorts);
        for (int port : connectPorts) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("connect port out of range: " + port);
            }
        }
        Objects.requireNonNull(spoofClientAddress, "spoofClientAddress");
        positive(connectTimeout, "connectTimeout");
        positive(spoofProbeTimeout, "spoofProbeTimeout");
        positive(headerReadTimeout, "headerReadTimeout");
        positive(idleTimeout, "idleTimeout");
        positive(upstreamIdleTimeout, "upstreamIdleTimeout");
        positive(responseTimeout, "responseTimeout");
        if (maxIdlePerOrigin < 0) {
            throw new IllegalArgumentException("maxIdlePerOrigin must be >= 0: " + maxIdlePerOrigin);
        }
        if (maxInitialLineLength < 64) {
            throw new IllegalArgumentException("maxInitialLineLength too small: " + maxInitialLineLength);
        }
        if (maxHeaderSize < 256) {
            throw new IllegalArgumentException("maxHeaderSize too small: " + maxHeaderSize);
        }
        if (viaPseudonym == null || !viaPseudonym.matches("[A-Za-z0-9.\\-_]+")) {
            throw new IllegalArgumentException("viaPseudonym must be a token: " + viaPseudonym);
        }
        Objects.requireNonNull(accessLog, "accessLog");
        if (explicitListen.isEmpty() && transparentListen.isEmpty()) {
            throw new IllegalArgumentException("neither the explicit nor the transparent listener is enabled");
        }
    }

    /** Loopback-only explicit proxy on 127.0.0.1:3128, transparent listener off. */
    public static ProxyConfig defaults() {
        return new ProxyConfig(
                Optional.of(new InetSocketAddress("127.0.0.1", 3128)),
                Optional.empty(),
                Set.of(443),
                SpoofMode.AUTO,
                Duration.ofSeconds(10),
                Duration.ofSeconds(3),
                Duration.ofSeconds(30),
                Duration.ofSeconds(120),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                64,
                8192,
                32 * 1024,
                "gateway",
                "-",
                CacheConfig.defaults());
    }

    public ProxyConfig withExplicitListen(Optional<InetSocketAddress> address) {
        return new ProxyConfig(address, transparentListen, connectPorts, spoofClientAddress, connectTimeout,
                spoofProbeTimeout, headerReadTimeout, idleTimeout, upstreamIdleTimeout, responseTimeout, maxIdlePerOrigin,
                maxInitialLineLength, maxHeaderSize, viaPseudonym, accessLog, cache);
    }

    public ProxyConfig withTransparentListen(Optional<InetSocketAddress> address) {
        return new ProxyConfig(explicitListen, address, connectPorts, spoofClientAddress, connectTimeout,
                spoofProbeTimeout, headerReadTimeout, idleTimeout, upstreamIdleTimeout, responseTimeout, maxIdlePerOrigin,
                maxInitialLineLength, maxHeaderSize, viaPseudonym, accessLog, cache);
    }

    public ProxyConfig withSpoofClientAddress(SpoofMode mode) {
        return new ProxyConfig(explicitListen, transparentListen, connectPorts, mode, connectTimeout,
                spoofProbeTimeout, headerReadTimeout, idleTimeout, upstreamIdleTimeout, responseTimeout, maxIdlePerOrigin,
                maxInitialLineLength, maxHeaderSize, viaPseudonym, accessLog, cache);
    }

    public ProxyConfig withTimeouts(Duration connect, Duration headerRead, Duration idle) {
        return new ProxyConfig(explicitListen, transparentListen, connectPorts, spoofClientAddress, connect,
                spoofProbeTimeout, headerRead, idle, upstreamIdleTimeout, responseTimeout, maxIdlePerOrigin,
                maxInitialLineLength, maxHeaderSize, viaPseudonym, accessLog, cache);
    }

    public ProxyConfig withConnectPorts(Set<Integer> ports) {
        return new ProxyConfig(explicitListen, transparentListen, ports, spoofClientAddress, connectTimeout,
                spoofProbeTimeout, headerReadTimeout, idleTimeout, upstreamIdleTimeout, responseTimeout, maxIdlePerOrigin,
                maxInitialLineLength, maxHeaderSize, viaPseudonym, accessLog, cache);
    }

    public ProxyConfig withAccessLog(String target) {
        return new ProxyConfig(explicitListen, transparentListen, connectPorts, spoofClientAddress, connectTimeout,
                spoofProbeTimeout, headerReadTimeout, idleTimeout, upstreamIdleTimeout, responseTimeout, maxIdlePerOrigin,
                maxInitialLineLength, maxHeaderSize, viaPseudonym, target, cache);
    }

    public ProxyConfig withLimits(int initialLine, int headerSize) {
        return new ProxyConfig(explicitListen, transparentListen, connectPorts, spoofClientAddress, connectTimeout,
                spoofProbeTimeout, headerReadTimeout, idleTimeout, upstreamIdleTimeout, responseTimeout, maxIdlePerOrigin,
                initialLine, headerSize, viaPseudonym, accessLog, cache);
    }

    public ProxyConfig withCache(CacheConfig value) {
        return new ProxyConfig(explicitListen, transparentListen, connectPorts, spoofClientAddress, connectTimeout,
                spoofProbeTimeout, headerReadTimeout, idleTimeout, upstreamIdleTimeout, responseTimeout,
                maxIdlePerOrigin, maxInitialLineLength, maxHeaderSize, viaPseudonym, accessLog, value);
    }

    public ProxyConfig withResponseTimeout(Duration value) {
        return new ProxyConfig(explicitListen, transparentListen, connectPorts, spoofClientAddress, connectTimeout,
                spoofProbeTimeout, headerReadTimeout, idleTimeout, upstreamIdleTimeout, value,
                maxIdlePerOrigin, maxInitialLineLength, maxHeaderSize, viaPseudonym, accessLog, cache);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
