/** Real Debian daemons (nginx, later unbound, dnsmasq, postfix, ...) started inside a namespace with private paths. */
package gateway.it.peers;
