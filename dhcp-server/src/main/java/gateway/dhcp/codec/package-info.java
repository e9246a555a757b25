/** RFC 2131/2132 wire format: bytes to {@link gateway.dhcp.codec.DhcpMessage} and back, with typed parse errors. */
package gateway.dhcp.codec;
