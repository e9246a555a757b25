/** TTL-aware Caffeine cache of responses, serve-stale lookups and coalescing of identical misses. */
package gateway.dns.cache;
