#!/usr/bin/env bash
# Times PUT /api/v1/reference/establishments with a generated GIAS-shaped CSV against the running local
# suite (deploy/local/up.sh): N rows (default 50,000, about the size of the real file) with the columns we
# read plus filler columns, as the real file has ~130. Runs twice: a first import, then the same file again
# (every row unchanged). Loopback only. usage: benchmarks/gias-import.sh [rows]
set -euo pipefail
rows=${1:-50000}
. "$(dirname "$0")/../deploy/local/lib.sh"; npq_pg_mode_line # which mode the suite's PostgreSQL runs in, from the server
file=$(mktemp --suffix=.csv)
trap 'rm -f "$file"' EXIT
python3 - "$rows" "$file" <<'PY'
import sys, random
n, path = int(sys.argv[1]), sys.argv[2]
types = [1, 2, 3, 5, 7, 8, 10, 11, 12, 14, 15, 18, 26, 28, 30, 34, 35, 36, 44, 45]
filler = ["Street", "Locality", "Address3", "Town", "County (name)", "Postcode", "SchoolWebsite", "TelephoneNum",
          "HeadTitle (name)", "HeadFirstName", "HeadLastName", "HeadPreferredJobTitle", "Gender (name)",
          "ReligiousCharacter (name)", "AdmissionsPolicy (name)", "OfstedRating (name)", "Trusts (name)"] + [f"Col{i}" for i in range(40)]
with open(path, "w", encoding="utf-8") as f:
    f.write(",".join(["URN", "UKPRN", "EstablishmentName", "TypeOfEstablishment (code)", "TypeOfEstablishment (name)",
                      "EstablishmentStatus (code)", "LA (code)", "LA (name)", "PhaseOfEducation (code)", "NumberOfPupils"] +
                     [f'"{c}"' for c in filler]) + "\n")
    for i in range(n):
        urn = 500000 + i
        f.write(f'{urn},{10500000 + i},"School {i}, Upper",{random.choice(types)},"Type",1,{200 + i % 150},"LA {i % 150}",'
                f'{random.choice([1, 2, 4, 6, 7])},{random.randint(20, 2000)},' + ",".join(f'"value {i} {j}"' for j in range(len(filler))) + "\n")
PY
token=$(curl -sf -d grant_type=client_credentials -d client_id=npq-admin -d client_secret=npq-admin-secret \
  http://127.0.0.1:8180/realms/npq/protocol/openid-connect/token | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "no token: is the suite up (deploy/local/up.sh)?" >&2; exit 1; }
echo "file: $rows rows, $(du -h "$file" | cut -f1)"
for pass in first again; do
  out=$(curl -s -w '\n%{http_code} %{time_total}' -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' \
    --data-binary @"$file" http://127.0.0.1:8080/api/v1/reference/establishments)
  echo "$pass: HTTP $(echo "$out" | tail -1 | cut -d' ' -f1) in $(echo "$out" | tail -1 | cut -d' ' -f2) s: $(echo "$out" | head -1 | \
    python3 -c 'import sys,json; a=json.load(sys.stdin)["data"]["attributes"]; print({k: a[k] for k in ("rows_read","inserted","updated","unchanged")})')"
done
