package gateway.dns.cache;

import gateway.dns.codec.WireName;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * What a cached response answers: name (compared case-insensitively, RFC 4343, as lower-cased
 * wire bytes so that the fast path can build a key from a query's bytes), type, class.
 *
 * @param name the query name
 * @param type the query type
 * @param dclass the query class
 */
public record CacheKey(WireName name, int type, int dclass) {

  public CacheKey {
    Objects.requireNonNull(name, "name");
  }

  /** The key for an absolute dnsjava name. */
  public CacheKey(Name name, int type, int dclass) {
    this(WireName.of(name), type, dclass);
  }
}
