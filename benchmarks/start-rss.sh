#!/usr/bin/env bash
# Start time and memory of each service under several sets of JVM flags, against the running local suite's
# infrastructure (deploy/local/up.sh; NPQ_INFRA_ONLY=1 is enough). Each service is started on its own spare port (as
# one more replica, beside the suite's own if that runs), one at a time, and measured:
#   start   wall time from the process starting to /q/health/ready answering 200
#   rss     resident memory (VmRSS) once ready, and after a short load
#   load    a closed-loop load of one authenticated read per service (HttpLoad.java, 4 connections): requests/s, p99
# Variants with an AOT cache (JDK 24+, JEP 483/514) make it first in a training run of their own (start, the same load,
# stop), then measure a start that uses it. Loopback only; stops by itself; stops only the processes it started.
# usage: benchmarks/start-rss.sh [load seconds] [variant ...]        variants: see VARIANTS below (default: all)
#        NPQ_BENCH_SERVICES="registration funding" to measure fewer services; NPQ_BENCH_PORT_BASE (28080) moves their ports
set -euo pipefail
load_secs=${1:-10}; shift || true
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../deploy/local/lib.sh"
npq_jdk

# name -> JVM flags (AOT variants: the cache is added by the script)
declare -A VARIANTS=(
  [c1-serial]="-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
  [c2-serial]="-Xmx256m -XX:+UseSerialGC"
  [c2-parallel]="-Xmx256m -XX:+UseParallelGC"
  [c1-serial-aot]="-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
  [c2-serial-aot]="-Xmx256m -XX:+UseSerialGC"
  [c2-serial-aot-lean]="-Xms32m -Xmx192m -Xss512k -XX:ReservedCodeCacheSize=48m -XX:MaxMetaspaceSize=192m -XX:+UseSerialGC"
  [c1-serial-lean]="-Xms32m -Xmx192m -Xss512k -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=192m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
  [c1-serial-aot-lean]="-Xms32m -Xmx192m -Xss512k -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=192m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
  [c1-serial-aot-xms32]="-Xms32m -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
)
ORDER="c1-serial c2-serial c2-parallel c1-serial-aot c2-serial-aot c2-serial-aot-lean c1-serial-lean c1-serial-aot-lean c1-serial-aot-xms32"
variants=("$@"); [ ${#variants[@]} -gt 0 ] || read -ra variants <<<"$ORDER"
services=${NPQ_BENCH_SERVICES:-$NPQ_SERVICES}

token=$(curl -sf -d grant_type=client_credentials -d client_id=npq-lead-provider-a -d client_secret=npq-lead-provider-a-secret \
  "http://127.0.0.1:$(npq_port keycloak)/realms/npq/protocol/openid-connect/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "no token: is the suite's infrastructure up (deploy/local/up.sh)?" >&2; exit 1; }
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

base=${NPQ_BENCH_PORT_BASE:-28080} # the measured services listen on base+1..base+4 (not the suite's ports, nor another's)
declare -A SPARE_PORT=([registration]=$((base + 1)) [funding]=$((base + 2)) [engagement]=$((base + 3)) [assessment]=$((base + 4)))
load_of() { # the service's read under load: a URL path and, for a POST, a body
  case $1 in
    registration) echo "/api/v3/npq-applications?page%5Bper_page%5D=50" ;;
    funding)      echo "/api/v1/funding-eligibility-checks" ;;
    engagement)   echo "/api/v3/participant-declarations?page%5Bper_page%5D=50" ;;
    assessment)   echo "/api/v1/assessment-windows" ;;
  esac
}
body_of() {
  [ "$1" = funding ] || return 0
  echo '{"data":{"type":"funding-eligibility-check","attributes":{"cohort":"2026b","course_identifier":"npq-leading-teaching","teacher_catchment":"england","work_setting":"a_school","school_urn":"100009"}}}'
}
rss_mib() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# start <service> <flags...>: starts it on its spare port, waits until ready; sets pid and started_ms
start() {
  local svc=$1 port mgmt p t0 env=(); shift
  port=${SPARE_PORT[$svc]}
  mgmt=$((port + 200)) # its management interface (/q/health): the suite's are 200 above its service ports too
  for p in "$port" "$mgmt"; do
    ! npq_port_in_use "$p" || { echo "port $p is taken (set NPQ_BENCH_PORT_BASE to move the measured services)" >&2; exit 1; }
  done
  env+=("QUARKUS_HTTP_PORT=$port" "QUARKUS_MANAGEMENT_PORT=$mgmt")
  npq_port_overridden postgres && env+=("QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$(npq_port postgres)/$NPQ_DB")
  npq_port_overridden kafka && env+=("KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$(npq_port kafka)")
  npq_port_overridden keycloak && env+=("QUARKUS_OIDC_AUTH_SERVER_URL=http://127.0.0.1:$(npq_port keycloak)/realms/$NPQ_REALM")
  npq_port_overridden apicurio && env+=("MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_APICURIO_REGISTRY_URL=http://127.0.0.1:$(npq_port apicurio)/apis/registry/v3")
  npq_port_overridden trs && env+=("NPQ_TRS_URL=http://127.0.0.1:$(npq_port trs)")
  t0=$(date +%s%3N)
  (cd "$(npq_service_module "$svc")" && exec env "${env[@]}" "$JAVA" "$@" -jar "$(npq_service_jar "$svc")") >"$work/$svc.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$mgmt/q/health/ready"; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$work/$svc.log" >&2; echo "$svc did not start" >&2; exit 1; }
    [ $(( $(date +%s%3N) - t0 )) -lt 180000 ] || { echo "$svc not ready in 180 s" >&2; exit 1; }
    sleep 0.05
  done
  started_ms=$(( $(date +%s%3N) - t0 ))
}
load() { # load <service>: prints HttpLoad's line
  local body
  body=$(body_of "$1")
  "$JAVA" "$here/HttpLoad.java" "http://127.0.0.1:${SPARE_PORT[$1]}$(load_of "$1")" "$token" "$load_secs" 4 ${body:+"$body"}
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

echo "== start time and RSS per service: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores; load $load_secs s x 4 connections"
npq_pg_mode_line
printf '%-20s %-13s %9s %9s %10s %s\n' variant service start_s rss_ready rss_loaded "load (uptime load average at the start)"
for v in "${variants[@]}"; do
  flags=${VARIANTS[$v]:-}; [ -n "$flags" ] || { echo "unknown variant $v (known: $ORDER)" >&2; exit 1; }
  for svc in $services; do
    # shellcheck disable=SC2206
    opts=($flags)
    if [[ $v == *-aot* ]]; then # the training run: the same flags, a start and the same load; the cache is written at exit
      cache=$work/$svc-$v.aot
      start "$svc" "${opts[@]}" -XX:AOTCacheOutput="$cache"
      load "$svc" >/dev/null
      stop
      [ -s "$cache" ] || { echo "no AOT cache written for $svc ($v)" >&2; tail -5 "$work/$svc.log" >&2; exit 1; }
      opts+=(-XX:AOTCache="$cache")
    fi
    la=$(cut -d' ' -f1 /proc/loadavg)
    start "$svc" "${opts[@]}"
    ready=$(rss_mib "$pid")
    result=$(load "$svc")
    loaded=$(rss_mib "$pid")
    stop
    printf '%-20s %-13s %9.1f %9s %10s %s\n' "$v" "$svc" "$(awk -v m="$started_ms" 'BEGIN { print m / 1000 }')" "${ready}M" "${loaded}M" "$result (load $la)"
  done
done
