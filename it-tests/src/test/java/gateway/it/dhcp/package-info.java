/** DHCP scenarios with real dhclient, udhcpc and dhcpcd against the gateway's DHCP server, in namespaces. */
package gateway.it.dhcp;
