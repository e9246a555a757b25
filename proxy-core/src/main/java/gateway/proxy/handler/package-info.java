/** Per-connection scripts: read a request, apply policy, relay to an upstream and back, or tunnel bytes. */
package gateway.proxy.handler;
