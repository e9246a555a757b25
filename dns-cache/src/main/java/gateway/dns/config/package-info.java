/** DnsConfig, the module's configuration record with defaults(). */
package gateway.dns.config;
