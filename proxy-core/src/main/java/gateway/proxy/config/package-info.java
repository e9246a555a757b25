/** The proxy's configuration values: one record with defaults, validated on construction. */
package gateway.proxy.config;
