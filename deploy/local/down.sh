#!/usr/bin/env bash
# Stops what deploy/local/up.sh started, by the PIDs it recorded in .local/run: the services (every replica) first, then the
# edge, the TRS stand-in, Keycloak, Apicurio, Kafka and PostgreSQL (pg_ctl stop). Waits for each to exit. Safe when nothing runs.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# the services and every replica of each (every pid file up to the most replicas up.sh starts, whatever it last
# recorded) together (they do not depend on each other to stop), then one by one
pids=()
for svc in $(npq_instances "$NPQ_MAX_REPLICAS"); do
  if npq_alive "$svc"; then npq_stop "$svc" 150 & pids+=($!); else npq_stop "$svc"; fi
done
for p in ${pids[@]+"${pids[@]}"}; do wait "$p"; done

npq_stop edge 15
npq_stop trs 15
npq_stop keycloak 60
npq_stop apicurio 30
npq_stop kafka 60

if npq_alive postgres; then # pg_ctl stops the postmaster recorded in the data directory (the pid we recorded)
  pid=$(npq_pid postgres) t0=$(npq_now)
  "${PG_AS[@]}" "$PG_HOME/bin/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null ||
    echo "warning: pg_ctl stop failed; see $(npq_rel "$(npq_log postgres)")" >&2
  if npq_wait_exit "$pid" 30; then
    npq_forget postgres
    npq_note "postgres: stopped (pid $pid) in $(npq_since "$t0")"
  else
    echo "warning: postgres (pid $pid) is still running" >&2; exit 1
  fi
else
  npq_stop postgres # not running: only removes a stale pid file
fi
rm -f "$RUN/mode" "$RUN/replicas"
npq_note "down in $(npq_elapsed)"
