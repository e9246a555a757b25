/** Transparent (TPROXY) and explicit caching HTTP/1.1 proxy; start with {@link gateway.proxy.server.ProxyServer}. */
package gateway.proxy;
