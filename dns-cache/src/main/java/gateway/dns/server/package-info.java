/** Netty listeners (UDP and TCP), their pipelines and the public DnsServer lifecycle. */
package gateway.dns.server;
