#!/usr/bin/env bash
# The fault suite (deploy/faults/README.md): brings the local suite up (deploy/local/up.sh) unless it runs, then, one fault
# at a time and each under a steady load through the edge, runs FaultRun.java: Kafka stopped for 60 s, one replica of each
# service SIGKILLed and restarted, PostgreSQL restarted, Keycloak stopped for 30 s, the stand-in TRS slow and then gone,
# SIGTERM during load. Each fault's checks (nothing acknowledged lost or duplicated, every event in every consumer, no
# 5xx but a 503 problem with Retry-After, the outage's outbox backlog drained within 30 s, readiness down while a needed
# dependency is) fail the run: exit 1. Stops the suite at the end if it started it.
# usage: deploy/faults/run.sh [--only kafka,sigkill,postgres,keycloak,trs,sigterm] [--keep]
#        NPQ_FAULT_UP_ARGS  the arguments for up.sh, default "--replicas 2" (two replicas of each service, so killing
#                           one replica of each leaves the other serving); "" runs one replica of each
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top"
. deploy/local/lib.sh
faults="kafka sigkill postgres keycloak trs sigterm"
keep=0
while [ $# -gt 0 ]; do
  case $1 in
    --only) faults=${2//,/ }; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--only kafka,sigkill,postgres,keycloak,trs,sigterm] [--keep]" >&2; exit 2 ;;
  esac
done
export NPQ_FAULT_UP_ARGS=${NPQ_FAULT_UP_ARGS---replicas 2}   # fault.sh's up.sh gets the same
npq_need_cmd psql postgresql-client
npq_jdk
out=$NPQ_LOCAL/faults/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"

started=0
if ! deploy/local/status.sh >/dev/null 2>&1; then
  started=1
  # shellcheck disable=SC2086
  deploy/local/up.sh ${NPQ_FAULT_UP_ARGS:-} >"$out/up.log" 2>&1 || { tail -n 40 "$out/up.log" >&2; echo "the suite did not come up" >&2; exit 1; }
fi
stop_suite() { [ "$started" = 1 ] && [ "$keep" = 0 ] && deploy/local/down.sh >"$out/down.log" 2>&1 || true; }
trap stop_suite EXIT

t0=$EPOCHSECONDS
failed=()
for f in $faults; do
  echo "== fault: $f"
  "$JAVA" "$here/FaultRun.java" "$f" "$out" || failed+=("$f")
done
echo
echo "== fault suite: $(( EPOCHSECONDS - t0 )) s; ledgers in $(npq_rel "$out")"
cat "$out/summary.txt"
if [ ${#failed[@]} -gt 0 ]; then echo "FAILED: ${failed[*]}" >&2; exit 1; fi
echo "every fault passed"
