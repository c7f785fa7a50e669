#!/usr/bin/env bash
# Seeds the running local suite (deploy/local/up.sh) with N participants of lead provider A, each with an accepted
# application (2026b, npq-senior-leadership, funded place) and a `started` declaration, through the platform's own bulk
# path, the one a migration of the DfE's records uses: POST /api/v1/admin/imports/applications (registration-service)
# and POST /api/v1/admin/imports/declarations (engagement-service), as admin, through the edge, as NDJSON files of
# 20,000 rows each (application/x-ndjson, streamed: one transaction per file, read 5,000 rows at a time).
# It waits for every copy the events make (engagement's enrolments, funding's decisions and their copy in registration,
# registration's and funding's copies of the declarations) and prints how long each phase took.
# Ids: every id of a run shares its first 8 hex digits (printed), so a run's rows are found by an index range.
# usage: benchmarks/seed.sh [N=20000]            loopback only; needs curl, psql, python3
set -euo pipefail
n=${1:-20000}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/bench-lib.sh"
token=$(bench_token npq-admin)
[ -n "$token" ] || { echo "no token: is the suite up (deploy/local/up.sh)?" >&2; exit 1; }
bench_load
base=$(bench_psql -c "SELECT coalesce(max(trn::int), 1999999) + 1 FROM registration.person WHERE trn_verified AND trn >= '2000000'")
export SEED_RUN=${NPQ_LOCAL:-$here/../.local}/run SEED_N=$n SEED_TOKEN=$token SEED_EDGE=$EDGE SEED_TRN_BASE=$base SEED_LP=$LP_A SEED_PGPORT=$PGPORT_SUITE SEED_KEYCLOAK=$KEYCLOAK
python3 - <<'PY'
import json, os, secrets, subprocess, sys, time, urllib.parse, urllib.request, urllib.error
n, token, edge, lp = int(os.environ["SEED_N"]), os.environ["SEED_TOKEN"], os.environ["SEED_EDGE"], os.environ["SEED_LP"]
trn_base, port = int(os.environ["SEED_TRN_BASE"]), os.environ["SEED_PGPORT"]
if trn_base + n > 9_999_999: sys.exit("no room for %d more TRNs" % n)
tag = "%08x" % secrets.randbits(32)
app = lambda i: "%s-0000-4000-8000-%012x" % (tag, i)
person = lambda i: "%s-0001-4000-8000-%012x" % (tag, i)
decl = lambda i: "%s-0002-4000-8000-%012x" % (tag, i)
BATCH = int(os.environ.get("SEED_BATCH", "20000"))
print(f"run {tag}: {n} participants of lead provider A (ids {tag}-…)", flush=True)

def psql(sql):
    return subprocess.run(["psql", "-X", "-q", "-tA", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "npq", "-c", sql],
                          check=True, capture_output=True, text=True).stdout.strip()

def fresh_token():  # tokens live 5 minutes; a large seed outlasts one
    data = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": "npq-admin", "client_secret": "npq-admin-secret"}).encode()
    with urllib.request.urlopen(os.environ["SEED_KEYCLOAK"] + "/realms/npq/protocol/openid-connect/token", data=data) as r:
        return json.load(r)["access_token"]

def post(path, rows, type_):
    global token
    token = fresh_token()
    body = "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in rows).encode()  # NDJSON: one row a line
    req = urllib.request.Request(edge + path, data=body, method="POST",
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/x-ndjson"})
    try:
        with urllib.request.urlopen(req, timeout=600) as r:
            return json.load(r)["data"]["attributes"]
    except urllib.error.HTTPError as e:
        detail = e.read().decode()[:2000]
        sys.exit(f"{path}: HTTP {e.code}: {detail}")

def between(column, prefix):
    return f"{column} BETWEEN '{tag}-{prefix}-4000-8000-000000000000' AND '{tag}-{prefix}-4000-8000-ffffffffffff'"

def wait(what, sql, deadline_s=3600):
    t0 = time.time(); last = -1
    while True:
        c = int(psql(sql))
        if c >= n:
            return time.time() - t0
        if c != last and time.time() - t0 > 10:
            print(f"   … {what}: {c}/{n}", flush=True); last = c
        if time.time() - t0 > deadline_s: sys.exit(f"gave up waiting for {what} ({c}/{n})")
        time.sleep(1 if time.time() - t0 < 10 else 5)

import glob
TICK = os.sysconf("SC_CLK_TCK")
def proc_cpu(pid):
    try:
        f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / TICK, int(f[1])
    except (OSError, IndexError, ValueError):
        return 0.0, 0
def cpu():
    """CPU seconds used so far by each component the suite's pid files name (PostgreSQL: with its backends)."""
    out = {}
    for pf in glob.glob(os.path.join(os.environ["SEED_RUN"], "*.pid")):
        name = os.path.basename(pf)[:-4]
        try: pid = int(open(pf).read().split()[0])
        except (OSError, ValueError, IndexError): continue
        out[name] = proc_cpu(pid)[0]
        if name == "postgres":
            for st in glob.glob("/proc/[0-9]*/stat"):
                c, ppid = proc_cpu(st.split("/")[2])
                if ppid == pid: out[name] += c
    return out
last_cpu = cpu()
marks = []
def mark(name, since, seconds):
    global last_cpu
    marks.append((name, seconds)); print(f"{name}: {seconds:.1f} s{since}", flush=True)
    now = cpu()
    used = sorted(((now[k] - last_cpu.get(k, 0.0), k) for k in now), reverse=True)
    print("   CPU s since the previous line: " + ", ".join(f"{k} {v:.1f}" for v, k in used if v >= 0.5), flush=True)
    last_cpu = now

# 1. people and accepted applications (registration-service)
t0 = time.time()
for lo in range(0, n, BATCH):
    rows = [{"participant_id": person(i), "trn": str(trn_base + i), "trn_verified": True, "full_name": f"Seed Participant {i}",
             "date_of_birth": "1985-01-01", "email": f"seed-{tag}-{i}@example.org", "application_id": app(i), "lead_provider_id": lp,
             "course_identifier": "npq-senior-leadership", "cohort": "2026b", "schedule_identifier": "npq-leadership-autumn",
             "funded_place": True, "training_status": "active", "accepted_at": "2026-09-01T09:00:00Z",
             "created_at": "2026-07-01T09:00:00Z", "work_setting": "a_school", "school_urn": "100001",
             "teacher_catchment": "england", "funding_choice": "school"} for i in range(lo, min(n, lo + BATCH))]
    a = post("/api/v1/admin/imports/applications", rows, "application-import")
    assert a["imported"] + a["unchanged"] == len(rows), a
t1 = time.time()
mark(f"1. import {n} people and applications (HTTP, NDJSON files of {BATCH} rows)", "", t1 - t0)
since = " after the import answered"
wait("registration's outbox relay", "SELECT count(*) FROM registration.outbox_event WHERE sent_at IS NOT NULL AND type = "
     "'uk.npq.contracts.registration.ApplicationAccepted' AND " + between("aggregateid", "0000"))
mark("2. registration's outbox relay has sent every ApplicationAccepted", since, time.time() - t1)
wait("engagement's enrolments", "SELECT count(*) FROM engagement.enrolment WHERE status = 'accepted' AND " + between("application_id", "0000"))
mark("3. engagement-service holds every enrolment (accepted)", since, time.time() - t1)
wait("funding's decisions", "SELECT count(*) FROM funding.funding_decision WHERE " + between("application_id", "0000"))
mark("4. funding-service has decided every application", since, time.time() - t1)
wait("registration's copy of the decisions", "SELECT count(*) FROM registration.application WHERE eligible_for_funding IS NOT NULL AND "
     + between("id", "0000"))
mark("5. registration-service has every decision (eligible_for_funding)", since, time.time() - t1)
funded = psql("SELECT count(*) FROM registration.application WHERE eligible_for_funding AND " + between("id", "0000"))
print(f"   ({funded} of {n} eligible for funding)", flush=True)

# 2. a started declaration each (engagement-service); every enrolment is there now
t2 = time.time()
for lo in range(0, n, BATCH):
    rows = [{"declaration_id": decl(i), "application_id": app(i), "participant_id": person(i), "declaration_type": "started",
             "declaration_date": "2026-10-01T09:00:00Z", "state": "submitted"} for i in range(lo, min(n, lo + BATCH))]
    a = post("/api/v1/admin/imports/declarations", rows, "declaration-import")
    assert a["imported"] + a["unchanged"] == len(rows), a
t3 = time.time()
mark(f"6. import {n} declarations (HTTP, NDJSON files of {BATCH} rows)", "", t3 - t2)
since = " after the declaration import answered"
wait("registration's copy of the declarations", "SELECT count(*) FROM registration.declaration WHERE " + between("id", "0002"))
mark("7. registration-service's copy has every declaration", since, time.time() - t3)
wait("funding's copy of the declarations", "SELECT count(*) FROM funding.declaration_state WHERE " + between("declaration_id", "0002"))
mark("8. funding-service's copy has every declaration", since, time.time() - t3)
print(f"total: {time.time() - t0:.1f} s for {n} participants; run {tag}", flush=True)
PY
bench_load
