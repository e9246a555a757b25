/** DNS scenarios: the gateway's caching forwarder against real dig clients and a real unbound. */
package gateway.it.dns;
