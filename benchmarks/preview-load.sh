#!/usr/bin/env bash
# Load run of POST /api/v1/funding-eligibility-checks against the running local suite (deploy/local/up.sh),
# straight to funding-service (:8082) and through the edge (:8080), with a real token. Loopback only.
# usage: benchmarks/preview-load.sh [seconds] [connections]     needs wrk (apt-get install wrk)
set -euo pipefail
secs=${1:-20}; conns=${2:-32}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../deploy/local/lib.sh"; npq_pg_mode_line # which mode the suite's PostgreSQL runs in, from the server
command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || { echo "install wrk: apt-get install wrk" >&2; exit 1; }
token=$(curl -sf -d grant_type=client_credentials -d client_id=npq-lead-provider-a -d client_secret=npq-lead-provider-a-secret \
  http://127.0.0.1:8180/realms/npq/protocol/openid-connect/token | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "no token: is the suite up (deploy/local/up.sh)?" >&2; exit 1; }
lua=$(mktemp --suffix=.lua)
trap 'rm -f "$lua"' EXIT
cat > "$lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '{"data":{"type":"funding-eligibility-check","attributes":{"cohort":"2026b","course_identifier":"npq-leading-teaching","teacher_catchment":"england","work_setting":"a_school","school_urn":"100009"}}}'
done = function(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
for target in "funding-service http://127.0.0.1:8082" "edge http://127.0.0.1:8080"; do
  set -- $target
  echo "== $1: $secs s, $conns connections"
  wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$lua" "$2/api/v1/funding-eligibility-checks" | grep -E 'Requests/sec|Latency|50%|99%|non-2xx'
done
