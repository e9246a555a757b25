#!/bin/sh
# Measures the fat jar in the loopback-only mode: wall time from exec to "gateway started" (all
# listeners bound), and resident memory after 10 s idle (VmRSS, and PSS from smaps_rollup).
# Usage: scripts/measure-startup.sh [RUNS] [JAVA FLAGS...]; default flags are the systemd unit's.
set -eu
cd "$(dirname "$0")/.."
jar=gateway-app/target/gateway.jar
[ -f "$jar" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 2; }
runs=${1:-3}
[ $# -gt 0 ] && shift
flags=${*:-$(sed -n 's/^JAVA_OPTS=//p' packaging/gateway.default)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "flags: $flags"
i=1
while [ "$i" -le "$runs" ]; do
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  (cd "$work" && exec java $flags -jar "$OLDPWD/$jar" run) > "$work/log" 2>&1 &
  pid=$!
  n=0
  until grep -q "gateway started" "$work/log"; do
    n=$((n + 1))
    if [ "$n" -gt 600 ] || ! kill -0 "$pid" 2>/dev/null; then
      cat "$work/log" >&2
      exit 1
    fi
    sleep 0.02
  done
  up=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 10
  rss=$(awk '/^VmRSS/ {print int($2/1024)}' "/proc/$pid/status")
  pss=$(awk '/^Pss:/ {print int($2/1024)}' "/proc/$pid/smaps_rollup")
  kill -TERM "$pid"
  wait "$pid" || true
  echo "run $i: all listening after ${up} ms; idle RSS ${rss} MiB, PSS ${pss} MiB"
  i=$((i + 1))
done
