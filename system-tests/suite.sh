#!/usr/bin/env bash
# Brings the local suite up for the system tests and down after them, with two replicas of every service
# (NPQ_SYSTEM_TEST_REPLICAS overrides; ReplicasIT checks each one serves). A suite that was already running (a
# developer's) is used and left running; if it runs fewer replicas, up.sh adds the missing ones (and they stay).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
marker=$top/.local/system-tests-started-suite
replicas=${NPQ_SYSTEM_TEST_REPLICAS:-2}
case "${1:?start|stop}" in
start)
  if "$top/deploy/local/status.sh" >/dev/null 2>&1; then
    rm -f "$marker"
    running=$(cat "$top/.local/run/replicas" 2>/dev/null || echo 1)
    if [ "$running" -ge "$replicas" ]; then
      echo "system-tests: the suite is already running ($running replica(s) of each service); using it and leaving it running"
    else
      echo "system-tests: the suite is already running with $running replica(s) of each service: adding replicas up to $replicas"
      NPQ_SKIP_BUILD=${NPQ_SKIP_BUILD:-1} "$top/deploy/local/up.sh" --replicas "$replicas"
    fi
  else
    mkdir -p "$top/.local"; touch "$marker"
    NPQ_SKIP_BUILD=${NPQ_SKIP_BUILD:-1} "$top/deploy/local/up.sh" --replicas "$replicas"
  fi ;;
stop)
  if [ -f "$marker" ]; then rm -f "$marker"; "$top/deploy/local/down.sh"; fi ;;
esac
