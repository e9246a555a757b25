/** JUnit 5 extensions: skip-or-fail when namespaces are unavailable, and per-class topology lifecycle. */
package gateway.it.junit;
