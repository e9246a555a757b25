/** Starting and stopping the enabled services, in order, with clear messages when one cannot start. */
package gateway.app.lifecycle;
