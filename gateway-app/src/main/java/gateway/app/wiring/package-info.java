/** Dagger wiring: one module per service, the shared event loops, the component that builds a gateway. */
package gateway.app.wiring;
