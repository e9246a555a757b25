/** Observability: one listener interface for everything the relay does, with a no-op default. */
package gateway.smtp.metrics;
