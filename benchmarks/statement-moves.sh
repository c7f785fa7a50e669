#!/usr/bin/env bash
# A statement with N statement items (default 100,000) in the running local suite (deploy/local/up.sh), through the
# real path: finance's nightly move now (POST /api/v1/statements/mark-payable) -> StatementDefined -> engagement moves
# the items and declarations (one transaction, a DeclarationStateChanged each) -> funding's copy follows; then finance
# authorises payment (payable -> paid) the same way; then the breakdown (GET /api/v1/statements/{id}) a few times.
# Prints the seconds each took. Loopback only; it stops by itself. The rows are made with SQL for a new lead provider
# (so nothing else is touched), and stay afterwards (they are benchmark data in .local/, which down.sh keeps).
# usage: benchmarks/statement-moves.sh [items]
set -euo pipefail
n=${1:-100000}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../deploy/local/lib.sh"
npq_pg_mode_line # which mode the suite's PostgreSQL runs in, from the server
edge=http://127.0.0.1:$(npq_port edge)
token=$(curl -sf -d grant_type=client_credentials -d client_id=npq-admin -d client_secret=npq-admin-secret \
  "http://127.0.0.1:$(npq_port keycloak)/realms/npq/protocol/openid-connect/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "no token: is the suite up (deploy/local/up.sh)?" >&2; exit 1; }
db=${NPQ_DB:-npq}
sql() { npq_psql -d "$db" -tA "$@"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
wait_for() { # wait_for <what> <sql answering the count> <expected> <timeout s>
  local deadline=$(( $(date +%s) + $4 ))
  until [ "$(sql -c "$2")" = "$3" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out waiting for $1 (have $(sql -c "$2") of $3)" >&2; exit 1; }
    sleep 0.2
  done
}

lp=$(cat /proc/sys/kernel/random/uuid)
yesterday=$(TZ=Europe/London date -d yesterday +%F); today=$(TZ=Europe/London date +%F)
echo "== lead provider $lp: a statement with $n items (headship, 2026b)"
curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' "$edge/api/v1/reference/statements" \
  --data-binary "lead_provider_id,cohort,year,month,deadline_date,payment_date,output_fee
$lp,2026b,2099,1,$yesterday,$today,true"
curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' "$edge/api/v1/reference/contracts" \
  --data-binary "lead_provider_id,cohort,course_identifier,recruitment_target,per_participant,service_fee_installments
$lp,2026b,npq-headship,$n,800,19"
statement=$(sql -c "SELECT id FROM funding.statement WHERE lead_provider_id = '$lp'")
wait_for "engagement's copy of the statement" "SELECT count(*) FROM engagement.statement WHERE id = '$statement'" 1 60

t=$(now)
sql <<SQL
INSERT INTO engagement.declaration (id, application_id, participant_id, lead_provider_id, course_identifier, cohort, declaration_type,
  declaration_date, state, created_at, updated_at, statement_id)
SELECT gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), '$lp', 'npq-headship', '2026b', 'started', now() - interval '1 day',
  'eligible', now(), now(), '$statement' FROM generate_series(1, $n);
INSERT INTO engagement.statement_item (id, declaration_id, statement_id, kind, state, created_at, updated_at)
SELECT gen_random_uuid(), id, '$statement', 'billing', 'eligible', now(), now() FROM engagement.declaration WHERE lead_provider_id = '$lp';
INSERT INTO funding.declaration_state (declaration_id, application_id, state, participant_id, lead_provider_id, course_identifier, cohort,
  declaration_type, statement_id, created_at, updated_at)
SELECT id, application_id, 'eligible', participant_id, lead_provider_id, course_identifier, cohort, declaration_type, statement_id, now(), now()
FROM engagement.declaration WHERE lead_provider_id = '$lp';
ANALYZE engagement.declaration; ANALYZE engagement.statement_item; ANALYZE funding.declaration_state;
SQL
echo "arranged in $(secs "$t" "$(now)") s"

echo "== payable: the nightly move, now"
t=$(now)
curl -sf -o /dev/null -X POST -H "Authorization: Bearer $token" "$edge/api/v1/statements/mark-payable"
t1=$(now)
wait_for "engagement's payable move" "SELECT count(*) FROM engagement.statement_item WHERE statement_id = '$statement' AND state = 'payable'" "$n" 600
t2=$(now)
wait_for "funding's copy" "SELECT count(*) FROM funding.declaration_state WHERE statement_id = '$statement' AND state = 'payable'" "$n" 1200
t3=$(now)
echo "funding marks it payable: $(secs "$t" "$t1") s; engagement's items and declarations payable: $(secs "$t" "$t2") s; funding's copy of all $n: $(secs "$t" "$t3") s"

echo "== paid: finance authorises"
t=$(now)
curl -sf -o /dev/null -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"data":{"type":"payment-authorisation","attributes":{"checks_done":true}}}' "$edge/api/v1/statements/$statement/payment-authorisation"
t1=$(now)
wait_for "engagement's paid move" "SELECT count(*) FROM engagement.statement_item WHERE statement_id = '$statement' AND state = 'paid'" "$n" 600
t2=$(now)
wait_for "funding's copy" "SELECT count(*) FROM funding.declaration_state WHERE statement_id = '$statement' AND state = 'paid'" "$n" 1200
t3=$(now)
echo "authorised: $(secs "$t" "$t1") s; engagement's items and declarations paid: $(secs "$t" "$t2") s; funding's copy of all $n: $(secs "$t" "$t3") s"

echo "== breakdown: GET /api/v1/statements/{id}, 5 times"
for i in 1 2 3 4 5; do
  curl -sf -o /tmp/npq-breakdown.json -w '%{time_total} s\n' -H "Authorization: Bearer $token" "$edge/api/v1/statements/$statement"
done
grep -o '"total":"[^"]*"' /tmp/npq-breakdown.json | head -1
echo "== assurance report: GET /api/v1/statements/{id}/assurance-report"
curl -sf -o /tmp/npq-assurance.csv -w '%{time_total} s, %{size_download} bytes\n' -H "Authorization: Bearer $token" "$edge/api/v1/statements/$statement/assurance-report"
echo "$(($(wc -l < /tmp/npq-assurance.csv) - 1)) rows"
