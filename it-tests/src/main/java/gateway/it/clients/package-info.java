/** Real client tools (curl, later dig, swaks, dhclient) run from a namespace, with parsed results. */
package gateway.it.clients;
