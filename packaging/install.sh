#!/bin/sh
# Installs the gateway suite with Debian-style paths:
#   /usr/lib/gateway/gateway.jar      the fat jar
#   /usr/bin/gateway                  the command line
#   /lib/systemd/system/gateway.service
#   /etc/default/gateway              JVM flags (JAVA_OPTS)
#   /etc/gateway/gateway.yaml         the config (the example, if there is none yet)
#   /var/lib/gateway                  state (leases, spool, caches), owned by user 'gateway'
# Usage: packaging/install.sh [--destdir DIR] [JAR]
#   --destdir DIR  install into a staging tree (no user is created, nothing is started)
# After installing: edit /etc/gateway/gateway.yaml, 'gateway config check /etc/gateway/gateway.yaml',
# then 'systemctl enable --now gateway'.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=""
if [ "${1:-}" = "--destdir" ]; then
  root=$2
  shift 2
fi
jar=${1:-$here/../gateway-app/target/gateway.jar}
[ -f "$jar" ] || { echo "install.sh: $jar not found; build it first: mvn -DskipTests package" >&2; exit 2; }

install -d "$root/usr/lib/gateway" "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/gateway" \
  "$root/usr/share/doc/gateway"
install -m 0644 "$jar" "$root/usr/lib/gateway/gateway.jar"
install -m 0755 "$here/gateway.sh" "$root/usr/bin/gateway"
install -m 0644 "$here/gateway.service" "$root/lib/systemd/system/gateway.service"
install -d "$root/etc/default"
if [ ! -e "$root/etc/default/gateway" ]; then
  install -m 0644 "$here/gateway.default" "$root/etc/default/gateway"
fi
install -m 0644 "$here/../README.md" "$root/usr/share/doc/gateway/README.md"
install -m 0644 "$here/../docs/gateway.example.yaml" "$root/usr/share/doc/gateway/gateway.example.yaml"
if [ ! -e "$root/etc/gateway/gateway.yaml" ]; then
  # the config may hold the ISP's SMTP password: not readable by others
  install -m 0640 "$here/../docs/gateway.example.yaml" "$root/etc/gateway/gateway.yaml"
fi
install -d -m 0750 "$root/var/lib/gateway"

if [ -z "$root" ]; then
  if ! getent passwd gateway >/dev/null; then
    adduser --system --group --home /var/lib/gateway --no-create-home gateway
  fi
  chown root:gateway /etc/gateway/gateway.yaml
  chown gateway:gateway /var/lib/gateway
  systemctl daemon-reload 2>/dev/null || true
  echo "installed; now edit /etc/gateway/gateway.yaml, then: systemctl enable --now gateway"
fi
