/** Observability: the DnsListener interface and the counters behind the stats command. */
package gateway.dns.metrics;
