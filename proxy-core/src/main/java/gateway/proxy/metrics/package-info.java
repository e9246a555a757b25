/** Observability: one listener interface (no-op by default) and the access log built on it. */
package gateway.proxy.metrics;
