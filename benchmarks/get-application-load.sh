#!/usr/bin/env bash
# GET /api/v3/npq-applications/{id} under load on the running local suite, as lead provider A, 32 connections through
# the edge and straight to registration-service, over A's applications (seeded by benchmarks/seed.sh), each request the
# next id. pgbench's one-row insert against the suite's PostgreSQL in the same run. Loopback only; stops by itself.
# usage: benchmarks/get-application-load.sh [seconds per run=10] [connections=32]     needs wrk, pgbench, psql
set -euo pipefail
secs=${1:-10}; conns=${2:-32}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/bench-lib.sh"
bench_need wrk; bench_need pgbench postgresql-client
lp=$(bench_token npq-lead-provider-a)
[ -n "$lp" ] || { echo "no token: is the suite up (deploy/local/up.sh)?" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bench_load; bench_durability; bench_pgbench 5
bench_psql -c "SELECT id FROM registration.application WHERE lead_provider_id = '$LP_A' ORDER BY random() LIMIT 50000" > "$tmp/ids"
echo "applications of A: $(wc -l < "$tmp/ids") (at most 50,000, random order)"
lua=$(bench_wrk_ids_lua "$tmp/ids" GET "/api/v3/npq-applications/{id}" "" "$lp")
bench_wrk "edge" "$EDGE" "$conns" "$secs" "$lua"
bench_wrk "registration-service direct" "$REGISTRATION" "$conns" "$secs" "$lua"
bench_load
