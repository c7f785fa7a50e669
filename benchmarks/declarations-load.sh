#!/usr/bin/env bash
# POST /api/v3/participant-declarations under load on the running local suite (deploy/local/up.sh), as lead provider A:
# 32 connections through the edge, 32 straight to engagement-service, then 8 through the edge. Each request declares
# retained-1 for a different participant of A seeded by benchmarks/seed.sh (npq-senior-leadership 2026b; a participant
# is used once, so every request is a real new declaration: eligible, on A's next output-fee statement), with a
# delivery partner this script makes. pgbench's one-row insert against the suite's PostgreSQL runs in the same run,
# before and after. Loopback only; stops by itself.
# usage: benchmarks/declarations-load.sh [seconds per run=10]        needs wrk, pgbench, psql
set -euo pipefail
secs=${1:-10}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/bench-lib.sh"
bench_need wrk; bench_need pgbench postgresql-client
lp=$(bench_token npq-lead-provider-a); admin=$(bench_token npq-admin)
[ -n "$lp" ] && [ -n "$admin" ] || { echo "no token: is the suite up (deploy/local/up.sh)?" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bench_load; bench_durability; bench_pgbench 5

# a delivery partner of A in 2026b (England from cohort 2024 needs one), once engagement has its copy
dp=$(python3 -c 'import uuid; print(uuid.uuid4())')
curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$EDGE/api/v1/delivery-partners/$dp" \
  -d "{\"data\":{\"type\":\"delivery-partner\",\"attributes\":{\"name\":\"Load hub $dp\",\"partnerships\":[{\"lead_provider_id\":\"$LP_A\",\"cohort\":\"2026b\"}]}}}"
for _ in $(seq 60); do [ "$(bench_psql -c "SELECT count(*) FROM engagement.delivery_partner WHERE id = '$dp'")" = 1 ] && break; sleep 1; done

bench_psql -c "SELECT e.participant_id FROM engagement.enrolment e WHERE e.lead_provider_id = '$LP_A' AND e.status = 'accepted'
  AND e.training_status = 'active' AND e.course_identifier = 'npq-senior-leadership' AND e.cohort = '2026b'
  AND NOT EXISTS (SELECT 1 FROM engagement.declaration d WHERE d.application_id = e.application_id AND d.declaration_type = 'retained-1')
  LIMIT 90000" > "$tmp/all"
total=$(wc -l < "$tmp/all")
[ "$total" -ge 3000 ] || { echo "only $total participants without retained-1: seed more (benchmarks/seed.sh 20000)" >&2; exit 1; }
split -n l/3 -d "$tmp/all" "$tmp/part"
echo "participants available: $total (a third per run; a run that uses them all would repeat one and be refused, 422)"
body='{"data":{"type":"participant-declaration","attributes":{"participant_id":"{id}","declaration_type":"retained-1","declaration_date":"2026-11-02T09:00:00Z","course_identifier":"npq-senior-leadership","delivery_partner_id":"'"$dp"'"}}}'
bench_wrk "edge" "$EDGE" 32 "$secs" "$(bench_wrk_ids_lua "$tmp/part00" POST /api/v3/participant-declarations "$body" "$lp")"
bench_wrk "engagement-service direct" "$ENGAGEMENT" 32 "$secs" "$(bench_wrk_ids_lua "$tmp/part01" POST /api/v3/participant-declarations "$body" "$lp")"
bench_wrk "edge" "$EDGE" 8 "$secs" "$(bench_wrk_ids_lua "$tmp/part02" POST /api/v3/participant-declarations "$body" "$lp")"
bench_pgbench 5; bench_load
