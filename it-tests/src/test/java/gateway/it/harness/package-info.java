/** Scenarios proving the harness itself and the gateway as a whole: plain routing, the jar's lifecycle. */
package gateway.it.harness;
