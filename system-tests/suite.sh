#!/usr/bin/env bash
# Brings the local suite up for the system tests and down after them. A suite that was already running
# (a developer's) is used as it is and left running.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
marker=$top/.local/system-tests-started-suite
case "${1:?start|stop}" in
start)
  if "$top/deploy/local/status.sh" >/dev/null 2>&1; then
    echo "system-tests: the suite is already running; using it and leaving it running"
    rm -f "$marker"
  else
    mkdir -p "$top/.local"; touch "$marker"
    NPQ_SKIP_BUILD=${NPQ_SKIP_BUILD:-1} "$top/deploy/local/up.sh"
  fi ;;
stop)
  if [ -f "$marker" ]; then rm -f "$marker"; "$top/deploy/local/down.sh"; fi ;;
esac
