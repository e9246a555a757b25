#!/bin/sh
# Installs the Debian packages the it-tests need (real clients and peers), as root.
# A policy-rc.d that exits 101 stays in place while installing, so no daemon starts in the
# machine's own namespace: the tests start each one themselves, inside a test namespace.
set -eu
PACKAGES="iproute2 nftables iptables procps psmisc curl bind9-dnsutils nginx-light squid unbound
 dnsmasq-base isc-dhcp-server kea-dhcp4-server isc-dhcp-client udhcpc dhcpcd-base busybox swaks postfix
 dovecot-core libsasl2-modules dnsperf wrk openssl python3"

if [ "$(id -u)" != 0 ]; then
  echo "install-test-deps: not root; skipping the Debian packages (it-tests will be skipped)" >&2
  exit 0
fi
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "install-test-deps: all Debian packages present"
  exit 0
fi
policy=/usr/sbin/policy-rc.d
if [ ! -x "$policy" ] || ! grep -q 'exit 101' "$policy"; then
  printf '#!/bin/sh\n# keep daemons from starting on install\nexit 101\n' > "$policy"
  chmod 755 "$policy"
fi
echo "install-test-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# postfix asks debconf questions; answer 'No configuration' so nothing is set up on the host
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "install-test-deps: done"
