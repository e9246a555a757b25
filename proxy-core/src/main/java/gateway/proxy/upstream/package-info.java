/** Connections to origins: source address choice (spoofed or own), the spoofing fallback, and the per-origin pool. */
package gateway.proxy.upstream;
