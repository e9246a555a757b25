#!/bin/sh
# Runs every test of the suite: unit tests, loopback integration tests and, as root, the
# network-namespace it-tests with real Debian clients and peers. Does its own set-up:
# as root it installs the Debian packages the it-tests need and removes namespaces left by an
# earlier crashed run. Extra arguments go to Maven.
set -eu
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ]; then
  scripts/install-test-deps.sh
  sh it-tests/src/test/sh/cleanup-netns.sh || true
else
  echo "test.sh: not root: the network-namespace it-tests will be skipped" >&2
fi
exec mvn -B -ntp verify "$@"
