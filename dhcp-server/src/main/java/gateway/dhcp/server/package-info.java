/** Sockets: one epoll datagram channel per LAN interface on port 67, probes, and the public {@code DhcpServer}. */
package gateway.dhcp.server;
