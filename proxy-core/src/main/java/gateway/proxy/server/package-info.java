/** Listeners (explicit and transparent), the client pipeline, and the server's lifecycle. */
package gateway.proxy.server;
