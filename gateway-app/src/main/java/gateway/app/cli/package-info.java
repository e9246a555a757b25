/** The {@code gateway} command line (picocli): one class per command. */
package gateway.app.cli;
