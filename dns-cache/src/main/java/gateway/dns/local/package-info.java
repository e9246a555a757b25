/** LAN names answered authoritatively: DHCP lease names, static hosts, hosts files, reverse zones. */
package gateway.dns.local;
