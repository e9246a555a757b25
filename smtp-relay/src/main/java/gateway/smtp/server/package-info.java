/** The LAN-facing SMTP listener (SubEthaSMTP): access control, limits, strict DATA framing, spooling before 250. */
package gateway.smtp.server;
