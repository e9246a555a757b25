/** {@code mail check}: walks the path to the relayhost one step at a time and names the step that fails. */
package gateway.smtp.diagnose;
