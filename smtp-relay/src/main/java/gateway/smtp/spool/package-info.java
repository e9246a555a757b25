/** Durable queue on disk: a message is fsynced and atomically published before the client gets 250. */
package gateway.smtp.spool;
