/** Configuration records of the DHCP server, validated when built; {@code DhcpConfig.defaults()} serves nothing. */
package gateway.dhcp.config;
