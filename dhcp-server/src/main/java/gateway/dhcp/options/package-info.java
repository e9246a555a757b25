/** Which options a reply carries and how configured values are encoded (RFC 2132, RFC 3442, RFC 6842). */
package gateway.dhcp.options;
