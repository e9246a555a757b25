/** Observability: one listener interface for what the server does, and counters built on it. */
package gateway.dhcp.metrics;
