/** Lease decisions (RFC 2131 sections 3 and 4.3) as pure classes over an injected clock, and the durable journal. */
package gateway.dhcp.lease;
