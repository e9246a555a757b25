/** The per-query script: access, validation, local names, cache, upstream; failure-to-rcode mapping. */
package gateway.dns.handler;
