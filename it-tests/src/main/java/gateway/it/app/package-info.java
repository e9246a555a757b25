/** Runs the gateway fat jar inside the gateway namespace and talks to its admin endpoint. */
package gateway.it.app;
