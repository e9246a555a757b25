#!/bin/sh
# Removes network namespaces left by crashed it-tests runs: every namespace named
# gwit<pid>-... whose owning pid (the JVM that created it) is no longer alive. The processes
# still inside such a namespace are killed by pid, the namespace is deleted, and its
# /etc/netns/<name> directory removed. Namespaces of a JVM that is still running (someone
# else's tests on the same machine) are left alone. Same logic as gateway.it.netns.StaleNamespaces.
#
# Usage: cleanup-netns.sh [-n]     (-n: only print what would be removed)
set -eu

dry_run=0
if [ "${1:-}" = "-n" ]; then
    dry_run=1
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "cleanup-netns: not root, nothing to do" >&2
    exit 0
fi
if ! command -v ip >/dev/null 2>&1; then
    echo "cleanup-netns: no 'ip' command, nothing to do" >&2
    exit 0
fi

removed=0
# lines look like "name" or "name (id: 3)"
for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
    case "$ns" in
        gwit[0-9]*-*) ;;
        *) continue ;;
    esac
    owner=$(printf '%s\n' "$ns" | sed -n 's/^gwit\([0-9][0-9]*\)-.*/\1/p')
    [ -n "$owner" ] || continue
    if [ -d "/proc/$owner" ]; then
        continue    # the owning JVM still runs: its tests clean up themselves
    fi
    if [ "$dry_run" -eq 1 ]; then
        echo "would remove $ns (owner pid $owner is gone)"
        removed=$((removed + 1))
        continue
    fi
    for pid in $(ip netns pids "$ns" 2>/dev/null); do
        kill -KILL "$pid" 2>/dev/null || true
    done
    ip netns delete "$ns" 2>/dev/null || echo "cleanup-netns: could not delete $ns" >&2
    if [ -d "/etc/netns/$ns" ]; then
        rm -rf -- "/etc/netns/$ns"
    fi
    echo "removed $ns (owner pid $owner is gone)"
    removed=$((removed + 1))
done
if [ "$dry_run" -eq 1 ]; then
    echo "cleanup-netns: would remove $removed namespace(s)"
else
    echo "cleanup-netns: removed $removed namespace(s)"
fi
