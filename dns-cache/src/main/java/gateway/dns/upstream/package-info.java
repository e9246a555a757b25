/** Forwarding to upstream resolvers: random port and ID, answer validation, failover, health, TCP retry. */
package gateway.dns.upstream;
