/** The Debian-style installation: paths, modes, the systemd unit's user and capabilities. */
package gateway.it.packaging;
