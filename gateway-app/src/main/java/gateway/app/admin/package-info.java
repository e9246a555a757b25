/** The admin HTTP endpoint: health, version, and the routes the CLI uses to ask a running gateway. */
package gateway.app.admin;
