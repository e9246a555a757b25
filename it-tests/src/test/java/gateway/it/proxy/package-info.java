/** The transparent caching proxy in namespaces: TPROXY interception, source-address modes, cache, fallback. */
package gateway.it.proxy;
