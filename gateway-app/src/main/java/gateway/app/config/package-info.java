/** The config file read into validated records: one LAN definition, one section per service. */
package gateway.app.config;
