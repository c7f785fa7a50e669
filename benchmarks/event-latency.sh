#!/usr/bin/env bash
# Latency of one event's round trip across services in the running local suite (deploy/local/up.sh), at fixed rates:
# a school's registration is accepted (POST /api/v1/registrations answers 201) -> ApplicationSubmitted (registration's
# outbox, relay, Kafka) -> funding decides in its consumer -> FundingDecisionMade (funding's outbox, relay, Kafka) ->
# registration's consumer commits the decision, from which moment GET /api/v3/npq-applications/{id} shows it to the lead
# provider. For each rate: p50/p95/p99/max of accept -> decision visible, and the same per hop, from
#   the outbox rows (created_at: in the writing transaction; the relay's commit that marked the row sent),
#   the Kafka records' timestamps (the producer's CreateTime, read back from the topics),
#   the consumers' inbox rows (processed_event: processed_at is the consumer transaction's start, its commit time
#   the moment the change became visible).
# Commit times come from PostgreSQL's track_commit_timestamp (up.sh turns it on); without it the script says so and
# uses the in-transaction times instead. The load is an open model (request i leaves at t0 + i/rate).
# Loopback only; stops by itself; the applications it makes stay (benchmark data in .local/).
# usage: benchmarks/event-latency.sh [seconds per rate] [rate per s ...]      e.g. benchmarks/event-latency.sh 30 2 20 100
set -euo pipefail
secs=${1:-30}; shift || true
rates=("$@"); [ ${#rates[@]} -gt 0 ] || rates=(2 20 100)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../deploy/local/lib.sh"
npq_jdk
edge=http://127.0.0.1:$(npq_port edge)
token=$(curl -sf -d grant_type=client_credentials -d client_id=npq-school-a -d client_secret=npq-school-a-secret \
  "http://127.0.0.1:$(npq_port keycloak)/realms/npq/protocol/openid-connect/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "no token: is the suite up (deploy/local/up.sh)?" >&2; exit 1; }
sql() { npq_psql -d "$NPQ_DB" -tA "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== event latency: registration accepted -> funding decision visible in registration (v3)"
npq_pg_mode_line
commit_ts=$(sql -c "select current_setting('track_commit_timestamp')")
if [ "$commit_ts" = on ]; then
  visible="pg_xact_commit_timestamp(ri.xmin)"; fcommit="pg_xact_commit_timestamp(fi.xmin)"
  rsent="pg_xact_commit_timestamp(ro.xmin)"; fsent="pg_xact_commit_timestamp(fo.xmin)"
else
  echo "note: track_commit_timestamp is off: commit times are approximated by in-transaction times (restart the suite with up.sh)"
  visible="ri.processed_at"; fcommit="fi.processed_at"; rsent="ro.sent_at"; fsent="fo.sent_at"
fi
echo "java: $("$JAVA" -version 2>&1 | head -1); load: $(uptime | sed 's/.*load average/load average/') (before the runs)"

# warm-up, not reported: the services' first events pay for class loading, JIT compilation, the consumers' group joins
# and the registry lookups; 50 registrations at 10/s, and every decision visible, before anything is measured
"$JAVA" -cp "$(cat "$KAFKA_CLASSPATH_FILE")" "$here/EventLatency.java" load "$edge" "$token" 10 5 "$work/accepted.csv" | sed 's/^/warm-up: /'
until [ "$(sql -c "select count(*) from registration.application where id in ($(cut -d, -f1 "$work/accepted.csv" | sed "s/.*/'&'/" | paste -sd,))
                   and funding_decided_at is not null")" = "$(wc -l <"$work/accepted.csv")" ]; do sleep 0.5; done

for rate in "${rates[@]}"; do
  echo
  echo "== $rate/s for $secs s"
  since=$(( $(date +%s%3N) - 1000 ))
  "$JAVA" -cp "$(cat "$KAFKA_CLASSPATH_FILE")" "$here/EventLatency.java" load "$edge" "$token" "$rate" "$secs" "$work/accepted.csv"
  n=$(wc -l <"$work/accepted.csv")
  # wait until every accepted application shows its decision (at most 120 s after the last answer)
  deadline=$(( $(date +%s) + 120 ))
  sql -c "create table if not exists public.bench_accepted (application_id uuid primary key, accepted_ms bigint)" >/dev/null
  sql -c "truncate public.bench_accepted" >/dev/null
  sql -c "\\copy public.bench_accepted from '$work/accepted.csv' with (format csv)" >/dev/null
  until [ "$(sql -c "select count(*) from public.bench_accepted b join registration.application a on a.id = b.application_id
                     where a.funding_decided_at is not null")" = "$n" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out waiting for decisions" >&2; break; }
    sleep 0.5
  done
  echo "load after the run: $(uptime | sed 's/.*load average/load average/')"
  "$JAVA" -cp "$(cat "$KAFKA_CLASSPATH_FILE")" "$here/EventLatency.java" kafka-times "127.0.0.1:$(npq_port kafka)" "$since" \
    "$work/kafka.csv" registration.application.v1 funding.decision.v1 >/dev/null
  sql <<SQL
create table if not exists public.bench_kafka (event_id uuid primary key, ts_ms bigint);
truncate public.bench_kafka;
\\copy public.bench_kafka from '$work/kafka.csv' with (format csv)
create temporary table hop as
select b.application_id,
  to_timestamp(b.accepted_ms / 1000.0) as accepted,      -- the 201 arrived at the client
  ro.created_at as r_created,                          -- registration's outbox row written (accept transaction)
  to_timestamp(rk.ts_ms / 1000.0) as r_kafka,            -- the relay handed it to the producer (record CreateTime)
  $rsent as r_sent,                                    -- the relay's commit after Kafka's ack
  fi.processed_at as f_start,                          -- funding's consumer transaction began
  $fcommit as f_commit,                                -- funding committed the decision and its outbox row
  to_timestamp(fk.ts_ms / 1000.0) as f_kafka,
  $fsent as f_sent,
  ri.processed_at as r_start,                          -- registration's consumer transaction began
  $visible as visible                                  -- registration committed: v3 shows the decision
from public.bench_accepted b
join registration.outbox_event ro on ro.aggregateid = b.application_id::text and ro.type = 'uk.npq.contracts.registration.ApplicationSubmitted'
join funding.processed_event fi on fi.consumer = 'funding-service.applications' and fi.event_id = ro.id::text
join funding.outbox_event fo on fo.aggregateid = b.application_id::text and fo.type = 'uk.npq.contracts.funding.FundingDecisionMade'
join registration.processed_event ri on ri.consumer = 'registration-service.funding-decisions' and ri.event_id = fo.id::text
left join public.bench_kafka rk on rk.event_id = ro.id
left join public.bench_kafka fk on fk.event_id = fo.id;
create temporary table span as
select 'accept (201) -> decision visible' as what, 0 as ord, extract(epoch from visible - accepted) * 1000 as ms from hop
union all select 'outbox row written -> decision visible', 1, extract(epoch from visible - r_created) * 1000 from hop
union all select '  1 registration relay: row written -> Kafka send', 2, extract(epoch from r_kafka - r_created) * 1000 from hop
union all select '  2 registration relay: Kafka send -> ack, marked sent', 3, extract(epoch from r_sent - r_kafka) * 1000 from hop
union all select '  3 funding consumer: Kafka send -> transaction start', 4, extract(epoch from f_start - r_kafka) * 1000 from hop
union all select '  4 funding decides and commits', 5, extract(epoch from f_commit - f_start) * 1000 from hop
union all select '  5 funding relay: commit -> Kafka send', 6, extract(epoch from f_kafka - f_commit) * 1000 from hop
union all select '  6 funding relay: Kafka send -> ack, marked sent', 7, extract(epoch from f_sent - f_kafka) * 1000 from hop
union all select '  7 registration consumer: Kafka send -> transaction start', 8, extract(epoch from r_start - f_kafka) * 1000 from hop
union all select '  8 registration applies and commits', 9, extract(epoch from visible - r_start) * 1000 from hop;
\\pset footer off
\\pset tuples_only off
\\pset format aligned
select what as "ms ($(wc -l <"$work/accepted.csv") applications)", count(ms) as n,
  round(percentile_disc(0.50) within group (order by ms)::numeric, 1) as p50,
  round(percentile_disc(0.95) within group (order by ms)::numeric, 1) as p95,
  round(percentile_disc(0.99) within group (order by ms)::numeric, 1) as p99,
  round(max(ms)::numeric, 1) as max
from span group by what, ord order by ord;
SQL
done
sql -c "drop table if exists public.bench_accepted, public.bench_kafka" >/dev/null
