#!/usr/bin/env bash
# The faults of the fault suite, one action each, on the running local suite (deploy/local); FaultRun.java calls it.
# Everything it stops or kills is a process deploy/local/up.sh started (its pid file in .local/run); everything comes
# back through up.sh, which starts what is not running and waits until it is ready.
#   kafka-stop | keycloak-stop | trs-stop    SIGTERM the component and wait until it has exited
#   postgres-restart                         pg_ctl stop -m fast, then start it again (up.sh)
#   sigkill                                  SIGKILL one replica of each service (replica 2 when it runs, else the only one), restart
#   sigterm <replica>                        SIGTERM that replica of registration and wait until it has exited
#   sigterm-others                           SIGTERM one replica of funding, engagement and assessment together, wait for them
#   kafka-start | keycloak-start | trs-start | restart-services   up.sh (NPQ_SKIP_BUILD=1; NPQ_FAULT_UP_ARGS are passed on)
. "$(dirname "${BASH_SOURCE[0]}")/../local/lib.sh"

up() {
  local log=$LOGS/faults-up.log
  # shellcheck disable=SC2086 # NPQ_FAULT_UP_ARGS is a list of arguments (e.g. --replicas 2)
  NPQ_SKIP_BUILD=1 "$NPQ_TOP/deploy/local/up.sh" ${NPQ_FAULT_UP_ARGS:-} >"$log" 2>&1 || { tail -n 40 "$log" >&2; npq_die "up.sh failed"; }
}
target() { # $1 = service: the replica to hurt, replica 2 when it runs, else the only one
  if [ -s "$RUN/$1-2.pid" ]; then echo "$1-2"; else echo "$1"; fi
}
service_pid() { # $1 = replica name: its pid, only if it is alive and runs a service jar
  local pid
  pid=$(head -1 "$RUN/$1.pid" 2>/dev/null) || npq_die "$1: no pid file"
  npq_running "$pid" && grep -q 'quarkus-run.jar' "/proc/$pid/cmdline" 2>/dev/null || npq_die "$1 (pid $pid) is not running"
  echo "$pid"
}
signal_and_wait() { # $1 signal, then replica names: send it to each, wait until every one has exited
  local sig=$1 r pid pids=() t0
  shift
  t0=$(npq_now)
  for r in "$@"; do pid=$(service_pid "$r"); pids+=("$pid"); kill "-$sig" "$pid"; done
  for pid in "${pids[@]}"; do npq_wait_exit "$pid" 90 || npq_die "pid $pid still running 90 s after SIG$sig"; done
  npq_note "SIG$sig: $* exited in $(npq_since "$t0")"
}

case ${1:-} in
  kafka-stop) npq_stop kafka 60 ;;
  keycloak-stop) npq_stop keycloak 60 ;;
  trs-stop) npq_stop trs 15 ;;
  postgres-restart)
    pid=$(npq_pid postgres) t0=$(npq_now)
    "${PG_AS[@]}" "$PG_HOME/bin/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null || npq_die "pg_ctl stop failed"
    npq_wait_exit "$pid" 30 || npq_die "postgres (pid $pid) did not stop"
    npq_forget postgres
    npq_note "postgres stopped in $(npq_since "$t0")"
    up
    npq_note "postgres restarted in $(npq_since "$t0")" ;;
  sigkill)
    victims=()
    for svc in $NPQ_SERVICES; do victims+=("$(target "$svc")"); done
    signal_and_wait KILL "${victims[@]}"
    up ;;
  sigterm) signal_and_wait TERM "${2:?which replica}" ;;
  sigterm-others)
    victims=()
    for svc in $NPQ_SERVICES; do [ "$svc" = registration ] || victims+=("$(target "$svc")"); done
    signal_and_wait TERM "${victims[@]}" ;;
  kafka-start | keycloak-start | trs-start | restart-services) up ;;
  *) echo "usage: $0 kafka-stop|kafka-start|keycloak-stop|keycloak-start|trs-stop|trs-start|postgres-restart|sigkill|sigterm <replica>|sigterm-others|restart-services" >&2; exit 2 ;;
esac
