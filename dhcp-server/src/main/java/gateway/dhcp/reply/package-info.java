/** Reply messages and where they go (RFC 2131 section 4.1): broadcast, relay agent or unicast. */
package gateway.dhcp.reply;
