/** The gateway launcher: reads the config, wires the services, runs them. */
package gateway.app;
