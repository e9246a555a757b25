package gateway.dns.server;

import java.util.List;

/**
 * The answer to an admin lookup, as text (the records in zone-file syntax).
 *
 * @param rcode e.g. NOERROR, NXDOMAIN, SERVFAIL
 * @param authoritative true for local names
 * @param answer answer records
 * @param authority authority records (the SOA of a negative answer)
 */
public record LookupResult(String rcode, boolean authoritative, List<String> answer,
    List<String> authority) {

  public LookupResult {
    answer = List.copyOf(answer);
    authority = List.copyOf(authority);
  }
}
