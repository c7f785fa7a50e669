#!/usr/bin/env bash
# A lead provider's full sync, as its system makes one: every page of GET /api/v3/participants/npq,
# /api/v3/npq-applications and /api/v3/participant-declarations with page[per_page]=3000, following page[cursor]
# (X-Next-Cursor) to the end, as lead provider A through the edge. Prints rows, pages, seconds and rows/s per resource,
# with pgbench's one-row insert against the suite's PostgreSQL in the same run. Loopback only; stops by itself.
# usage: benchmarks/sync.sh [per_page=3000]
set -euo pipefail
per_page=${1:-3000}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/bench-lib.sh"
bench_need pgbench postgresql-client
lp=$(bench_token npq-lead-provider-a)
[ -n "$lp" ] || { echo "no token: is the suite up (deploy/local/up.sh)?" >&2; exit 1; }
bench_load; bench_durability; bench_pgbench 5
SYNC_EDGE=$EDGE SYNC_PER_PAGE=$per_page SYNC_KEYCLOAK=$KEYCLOAK python3 - <<'PY'
import json, os, time, urllib.parse, urllib.request
edge, per_page, kc = os.environ["SYNC_EDGE"], os.environ["SYNC_PER_PAGE"], os.environ["SYNC_KEYCLOAK"]
def token():
    data = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": "npq-lead-provider-a",
                                   "client_secret": "npq-lead-provider-a-secret"}).encode()
    with urllib.request.urlopen(kc + "/realms/npq/protocol/openid-connect/token", data=data) as r:
        return json.load(r)["access_token"]
for path in ("/api/v3/participants/npq", "/api/v3/npq-applications", "/api/v3/participant-declarations"):
    tok, t_tok = token(), time.time()
    rows = pages = 0; cursor = None; t0 = time.time(); first = None
    while True:
        if time.time() - t_tok > 200: tok, t_tok = token(), time.time()  # tokens live 5 minutes
        # page[cursor] from the first request on ("" is the feed's start): without it a list is paged by number and
        # carries no X-Next-Cursor
        q = {"page[per_page]": per_page, "page[cursor]": cursor or ""}
        req = urllib.request.Request(edge + path + "?" + urllib.parse.urlencode(q), headers={"Authorization": "Bearer " + tok})
        t = time.time()
        with urllib.request.urlopen(req, timeout=300) as r:
            body = json.load(r); cursor = r.headers.get("X-Next-Cursor")
        if first is None: first = time.time() - t
        pages += 1; rows += len(body["data"])
        if not cursor or not body["data"]: break
    s = time.time() - t0
    print(f"{path}: {rows} rows in {pages} pages, {s:.1f} s, {rows / s:.0f} rows/s (first page {first:.2f} s)", flush=True)
PY
bench_pgbench 5; bench_load
