# Shared by the figure scripts of benchmarks/ (sourced, not run): the suite's addresses (the same overrides as
# deploy/local: NPQ_EDGE_PORT, NPQ_POSTGRES_PORT, ...), tokens, and the reference figure every script prints beside its
# own: pgbench, one-row inserts, 8 clients, against the suite's own PostgreSQL, in a scratch database it creates and
# drops. Loopback only.
EDGE=http://127.0.0.1:${NPQ_EDGE_PORT:-8080}
REGISTRATION=http://127.0.0.1:${NPQ_REGISTRATION_PORT:-8081}
FUNDING=http://127.0.0.1:${NPQ_FUNDING_PORT:-8082}
ENGAGEMENT=http://127.0.0.1:${NPQ_ENGAGEMENT_PORT:-8083}
KEYCLOAK=http://127.0.0.1:${NPQ_KEYCLOAK_PORT:-8180}
PGPORT_SUITE=${NPQ_POSTGRES_PORT:-5433}
LP_A=3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0001

bench_token() { # client id → access token
  curl -sf -d grant_type=client_credentials -d client_id="$1" -d client_secret="$1-secret" \
    "$KEYCLOAK/realms/npq/protocol/openid-connect/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}

bench_psql() { # psql as the suite's superuser (trust on loopback) on database npq
  PGCONNECT_TIMEOUT=3 psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT_SUITE" -U postgres -d npq -tA "$@"
}

bench_need() {
  command -v "$1" >/dev/null && return 0
  if [ "$1" = wrk ] && [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null && return 0; fi
  echo "needs $1 (apt-get install ${2:-$1})" >&2; exit 1
}

bench_load() { echo "load: $(uptime | sed 's/.*load average: //') (1, 5, 15 min; $(nproc) cores)"; }

bench_durability() {
  echo "PostgreSQL: fsync=$(bench_psql -c 'SHOW fsync') synchronous_commit=$(bench_psql -c 'SHOW synchronous_commit')" \
    "wal_sync_method=$(bench_psql -c 'SHOW wal_sync_method')"
}

# pgbench: one-row INSERT, 8 clients, ${1:-5} seconds, in a scratch database created and dropped here.
bench_pgbench() {
  local secs=${1:-5} db="npq_bench_scratch_$$" script
  bench_need pgbench postgresql-client
  script=$(mktemp --suffix=.sql)
  printf '\\set v random(1, 1000000)\nINSERT INTO one_row (v) VALUES (:v);\n' > "$script"
  PGCONNECT_TIMEOUT=3 psql -X -q -h 127.0.0.1 -p "$PGPORT_SUITE" -U postgres -d postgres -c "CREATE DATABASE $db" >/dev/null
  PGCONNECT_TIMEOUT=3 psql -X -q -h 127.0.0.1 -p "$PGPORT_SUITE" -U postgres -d "$db" \
    -c 'CREATE TABLE one_row (id bigserial PRIMARY KEY, v integer NOT NULL, at timestamptz NOT NULL DEFAULT now())' >/dev/null
  local out
  out=$(pgbench -n -c 8 -j 2 -T "$secs" -f "$script" -h 127.0.0.1 -p "$PGPORT_SUITE" -U postgres "$db" 2>&1 || true)
  PGCONNECT_TIMEOUT=3 psql -X -q -h 127.0.0.1 -p "$PGPORT_SUITE" -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null
  rm -f "$script"
  echo "pgbench (one-row insert, 8 clients, ${secs} s, suite's PostgreSQL): $(echo "$out" | grep -E '^tps' | sed 's/ (without initial connection time)//')," \
    "latency $(echo "$out" | grep -E 'latency average' | sed 's/latency average = //')"
}

# wrk summary lines: rate, p50, p99, errors
bench_wrk_summary() { grep -E 'Requests/sec|^ +50%|^ +99%|non-2xx|Socket errors' ; }

# A wrk script: each request takes the next id of $1 (one per line; the threads share the list without overlap) and
# sends method $2 to path $3 with body $4 (both with {id} replaced; body may be empty), bearer $5. At the end it prints
# how many answers were 2xx and the first other status seen, so a figure of refused requests is never mistaken for one
# of served ones.
bench_wrk_ids_lua() {
  local ids=$1 method=$2 path=$3 body=$4 token=$5 lua
  lua=$(mktemp --suffix=.lua)
  cat > "$lua" <<LUA
local threads = {}
local counter = 1
path = [==[$path]==]
body = [==[$body]==]
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  ids = {}
  local i = 0
  for line in io.lines("$ids") do
    if (i % $BENCH_THREADS) + 1 == tid then table.insert(ids, line) end
    i = i + 1
  end
  n = 0; ok = 0; other = 0; first_other = ""
end
function request()
  n = n + 1
  local id = ids[((n - 1) % #ids) + 1]
  local p = string.gsub(path, "{id}", id)
  local b = nil
  if body ~= "" then b = string.gsub(body, "{id}", id) end
  return wrk.format("$method", p, {["Authorization"] = "Bearer $token", ["Content-Type"] = "application/json"}, b)
end
function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1 else
    other = other + 1
    if first_other == "" then first_other = status .. " " .. string.sub(body, 1, 300) end
  end
end
function done(summary, latency, requests)
  local okc, otherc, first = 0, 0, ""
  for _, t in ipairs(threads) do
    okc = okc + t:get("ok"); otherc = otherc + t:get("other")
    if first == "" then first = t:get("first_other") end
  end
  io.write(string.format("2xx: %d, other: %d (%.0f 2xx/s)%s\n", okc, otherc, okc / (summary.duration / 1e6),
    first ~= "" and ("; first other: " .. first) or ""))
  io.write(string.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA
  echo "$lua"
}
BENCH_THREADS=2

# wrk with the script above: $1 label, $2 URL base, $3 connections, $4 seconds, $5 lua
bench_wrk() {
  echo "== $1: $3 connections, $4 s"
  wrk -t"$BENCH_THREADS" -c"$3" -d"$4s" --latency -s "$5" "$2" | grep -E 'Requests/sec|2xx:|p50 '
}

# A fixed list of requests, each once, at $1 concurrent clients (python threads): for figures whose ids run out before
# a wrk run would end (accepts). stdin: one "METHOD URL BODY" JSON array per line. Prints rate and p50/p99.
bench_each_once() {
  BENCH_TOKEN=$2 BENCH_CLIENTS=$1 python3 -c '
import json, os, sys, time, urllib.request, urllib.error
from concurrent.futures import ThreadPoolExecutor
reqs = [json.loads(l) for l in sys.stdin if l.strip()]
tok = os.environ["BENCH_TOKEN"]
def one(r):
    m, url, body = r
    req = urllib.request.Request(url, data=body.encode() if body else None, method=m,
                                 headers={"Authorization": "Bearer " + tok, "Content-Type": "application/json"})
    t = time.time()
    try:
        with urllib.request.urlopen(req, timeout=60) as resp: resp.read(); code = resp.status
    except urllib.error.HTTPError as e: e.read(); code = e.code
    return code, time.time() - t
t0 = time.time()
with ThreadPoolExecutor(int(os.environ["BENCH_CLIENTS"])) as ex: out = list(ex.map(one, reqs))
s = time.time() - t0
lat = sorted(l for _, l in out); ok = sum(1 for c, _ in out if 200 <= c < 300)
pct = lambda p: lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1000
print(f"{len(out)} requests in {s:.1f} s: {ok} 2xx ({ok / s:.0f} 2xx/s), other {len(out) - ok}; p50 {pct(50):.1f} ms, p99 {pct(99):.1f} ms")
'
}

# CPU per served request. bench_cpu_ticks prints "name ticks" for registration, funding, postgres and the edge, read
# from the suite's pid files (NPQ_LOCAL/run): a JVM's own user+sys; PostgreSQL's postmaster with its exited children
# (cutime+cstime) plus its live backends, so every session's statements count; nginx's master and workers.
# bench_cpu_per NAME BEFORE AFTER N prints each one's milliseconds of CPU per answer between the two snapshots.
BENCH_RUN=${NPQ_LOCAL:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.local}/run
bench_cpu_ticks() {
  local name pid total c
  for name in registration funding postgres edge; do
    pid=$(head -1 "$BENCH_RUN/$name.pid" 2>/dev/null || true)
    [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || { echo "$name 0"; continue; }
    total=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$pid/stat")
    for c in $(pgrep -P "$pid" 2>/dev/null); do
      total=$((total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$c/stat" 2>/dev/null || echo 0)))
    done
    echo "$name $total"
  done
}
bench_cpu_per() { # $1 phase, $2 snapshot before, $3 snapshot after, $4 answers served
  local hz; hz=$(getconf CLK_TCK)
  echo "CPU per 2xx, $1 ($4 answers): $(join <(sort <<<"$2") <(sort <<<"$3") |
    awk -v n="$4" -v hz="$hz" '{ printf "%s%s %.1f ms", sep, $1, ($3 - $2) * 1000 / hz / (n > 0 ? n : 1); sep = ", " }')"
}
