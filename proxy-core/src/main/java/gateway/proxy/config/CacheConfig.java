package gateway.proxy.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The shared cache's limits.
 *
 * @param enabled        whether responses are cached at all
 * @param memoryBytes    memory tier size (bodies plus headers, approximately)
 * @param diskDirectory  directory of the disk tier, empty for memory only
 * @param diskBytes      disk tier size
 * @param maxObjectBytes largest body stored
 * @param heuristicCap   cap of the heuristic freshness lifetime (RFC 9111 section 4.2.2)
 */
public record CacheConfig(boolean enabled, long memoryBytes, Optional<Path> diskDirectory, long diskBytes,
        long maxObjectBytes, Duration heuristicCap) {
    public CacheConfig {
        Objects.requireNonNull(diskDirectory, "diskDirectory");
        Objects.requireNonNull(heuristicCap, "heuristicCap");
        if (memoryBytes < 0 || diskBytes < 0) {
            throw new IllegalArgumentException("cache sizes must be >= 0");
        }
        if (maxObjectBytes < 0 || maxObjectBytes > Integer.MAX_VALUE - 1024) {
            throw new IllegalArgumentException("max object size out of range: " + maxObjectBytes);
        }
        if (heuristicCap.isNegative()) {
            throw new IllegalArgumentException("heuristic cap must be >= 0");
        }
    }

    /** 64 MiB in memory, no disk tier, objects up to 8 MiB, heuristic freshness at most a day. */
    public static CacheConfig defaults() {
        return new CacheConfig(true, 64L << 20, Optional.empty(), 1L << 30, 8L << 20, Duration.ofDays(1));
    }

    public static CacheConfig disabled() {
        return new CacheConfig(false, 0, Optional.empty(), 0, 0, Duration.ZERO);
    }
}
