/** DHCPv4 server for the gateway: wire codec, lease decisions, durable journal and epoll sockets. */
package gateway.dhcp;
