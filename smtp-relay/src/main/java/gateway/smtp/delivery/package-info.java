/** Delivery to the relayhost (Jakarta Mail / Angus): TLS required, SASL, connection reuse, retries, per-recipient results. */
package gateway.smtp.delivery;
