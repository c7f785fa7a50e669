#!/usr/bin/env bash
# Registrations, then accepts, at 8 connections each on the running local suite, through the edge:
# POST /api/v1/registrations as school A (each request a new person: its own TRN, unknown to the stand-in Teacher Record
# System, and email; npq-senior-leadership 2026b with lead provider A, so registration asks the TRS on each), then, once
# funding-service has decided them, POST /api/v3/npq-applications/{id}/accept (funded_place true) as lead provider A
# over the applications this run registered. pgbench's one-row insert against the suite's PostgreSQL in the same run.
# Prints each phase's CPU per 2xx of registration, funding, PostgreSQL and the edge (bench_cpu_ticks in bench-lib.sh).
# Loopback only; stops by itself.   usage: benchmarks/registrations-load.sh [seconds of registrations=20] [connections=8]
set -euo pipefail
secs=${1:-20}; conns=${2:-8}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/bench-lib.sh"
bench_need wrk; bench_need pgbench postgresql-client
school=$(bench_token npq-school-a); lp=$(bench_token npq-lead-provider-a)
[ -n "$school" ] && [ -n "$lp" ] || { echo "no token: is the suite up (deploy/local/up.sh)?" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bench_load; bench_durability; bench_pgbench 5
# TRNs no person holds yet (typed TRNs the stand-in TRS does not know: each registration makes a new, unverified person)
python3 -c 'import random; print("\n".join(str(t) for t in random.sample(range(8_000_000, 9_999_999), 60000)))' > "$tmp/trns"
started=$(bench_psql -c "SELECT now()")
cpu0=$(bench_cpu_ticks)
body='{"data":{"type":"npq-registration","attributes":{"trn":"{id}","full_name":"Load Example","date_of_birth":"1984-09-30","email":"load-{id}@example.org","course_identifier":"npq-senior-leadership","cohort":"2026b","lead_provider_id":"'"$LP_A"'","work_setting":"a_school","school_urn":"100001","teacher_catchment":"england"}}}'
bench_wrk "registrations, edge" "$EDGE" "$conns" "$secs" "$(bench_wrk_ids_lua "$tmp/trns" POST /api/v1/registrations "$body" "$school")"

made=$(bench_psql -c "SELECT count(*) FROM registration.application WHERE lead_provider_id = '$LP_A' AND created_at >= '$started'")
echo "waiting for funding's decisions on the $made applications registered ..."
for _ in $(seq 300); do
  left=$(bench_psql -c "SELECT count(*) FROM registration.application WHERE lead_provider_id = '$LP_A' AND created_at >= '$started' AND eligible_for_funding IS NULL")
  [ "$left" = 0 ] && break; sleep 1
done
cpu1=$(bench_cpu_ticks); bench_cpu_per "registrations and funding's decisions" "$cpu0" "$cpu1" "$made"
bench_psql -c "SELECT id FROM registration.application WHERE lead_provider_id = '$LP_A' AND created_at >= '$started' AND status = 'pending' AND eligible_for_funding" > "$tmp/apps"
echo "pending and eligible: $(wc -l < "$tmp/apps") (each accepted once)"
accept='{"data":{"type":"npq-application-accept","attributes":{"funded_place":true}}}'
echo "== accepts, edge: $conns clients, each application once"
python3 -c 'import json, sys; [print(json.dumps(["POST", sys.argv[1] + "/api/v3/npq-applications/" + l.strip() + "/accept", sys.argv[2]])) for l in open(sys.argv[3]) if l.strip()]' \
  "$EDGE" "$accept" "$tmp/apps" | bench_each_once "$conns" "$lp"
cpu2=$(bench_cpu_ticks)
bench_cpu_per accepts "$cpu1" "$cpu2" "$(bench_psql -c "SELECT count(*) FROM registration.application WHERE lead_provider_id = '$LP_A' AND created_at >= '$started' AND status = 'accepted'")"
bench_pgbench 5; bench_load
