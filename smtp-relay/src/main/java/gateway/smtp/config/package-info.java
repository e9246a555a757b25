/** Configuration records of the SMTP relay: listener, relayhost and queue, each with {@code defaults()}. */
package gateway.smtp.config;
