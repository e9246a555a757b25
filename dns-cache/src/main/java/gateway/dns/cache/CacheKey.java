package gateway.dns.cache;

import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * What a cached response answers: name (compared case-insensitively, RFC 4343), type, class.
 *
 * @param name the query name, lower-cased
 * @param type the query type
 * @param dclass the query class
 */
public record CacheKey(Name name, int type, int dclass) {

  public CacheKey {
    Objects.requireNonNull(name, "name");
    if (!name.isAbsolute()) {
      throw new IllegalArgumentException("cache keys need absolute names: " + name);
    }
    name = name.canonicalize();
  }
}
