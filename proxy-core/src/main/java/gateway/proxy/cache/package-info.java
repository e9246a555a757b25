/** The shared HTTP cache of RFC 9111: pure freshness and storability decisions, a memory and a disk tier. */
package gateway.proxy.cache;
