/** DHCP scenarios with real dhclient and udhcpc against the gateway's DHCP server, in namespaces. */
package gateway.it.dhcp;
