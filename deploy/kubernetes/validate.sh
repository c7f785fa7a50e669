#!/usr/bin/env bash
# Offline check of deploy/kubernetes (run by .ci/run; README "Validation"):
#   1. the derived files under base/ match their sources (edge/nginx.conf, kafka/topics.yaml, keycloak/realm-import.yaml);
#   2. base/ and overlays/example render with `kubectl kustomize`;
#   3. every rendered object validates: built-in kinds against the Kubernetes OpenAPI schemas (npm kubernetes-models),
#      operator kinds against validate/crds.mjs, plus the cross-references and rules in validate/validate.mjs;
#   4. negative test: fixtures/broken renders and the validator MUST reject each of its objects.
# Needs kubectl (kustomize built in) and node/npm; the npm packages install once into validate/node_modules (npm ci).
#   validate.sh           check everything
#   validate.sh --write   regenerate the derived files under base/ after their sources changed
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"

command -v node >/dev/null 2>&1 || { echo "error: node is required (Debian: apt-get install -y nodejs npm)" >&2; exit 1; }
command -v kubectl >/dev/null 2>&1 || { echo "error: kubectl is required (it renders the kustomizations offline)" >&2; exit 1; }
if [ ! -d validate/node_modules/kubernetes-models ] || [ validate/package-lock.json -nt validate/node_modules/.package-lock.json ]; then
  (cd validate && npm ci --no-audit --no-fund --prefer-offline --loglevel=error) >&2
fi

if [ "${1:-}" = --write ]; then exec node validate/validate.mjs --write; fi

out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
for dir in base overlays/example; do
  kubectl kustomize "$dir" >"$out/${dir//\//-}.yaml"
done
node validate/validate.mjs "$out/base.yaml" "$out/overlays-example.yaml"
# the edge's nginx.conf as nginx itself reads it (when nginx is here: .ci/run installs it), upstream names made local
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  mkdir -p "$out/nginx"
  sed -e 's/server \(registration\|funding\|engagement\|assessment\):/server 127.0.0.1:/' -e "s|/tmp/|$out/nginx/|g" \
    base/edge/nginx.conf >"$out/nginx/nginx.conf"
  PATH=$PATH:/usr/sbin nginx -t -q -p "$out/nginx/" -c "$out/nginx/nginx.conf" -e stderr
  echo "edge: nginx accepts base/edge/nginx.conf"
fi

# negative test: every object of the broken fixture must be reported
kubectl kustomize fixtures/broken >"$out/broken.yaml"
if node validate/validate.mjs --no-derived "$out/broken.yaml" >"$out/broken.out" 2>&1; then
  cat "$out/broken.out" >&2
  echo "error: the validator accepted fixtures/broken; it must reject it" >&2; exit 1
fi
missed=0 # fixtures/broken/expected.txt: each line a problem the validator must report (schema errors, not only our rules)
while IFS= read -r want; do
  [ -n "$want" ] || continue
  grep -qF -- "$want" "$out/broken.out" || { echo "error: the validator did not report: $want" >&2; missed=1; }
done <fixtures/broken/expected.txt
[ $missed = 0 ] || { cat "$out/broken.out" >&2; exit 1; }
echo "negative test: fixtures/broken rejected ($(grep -c '^INVALID' "$out/broken.out") problems, all of fixtures/broken/expected.txt reported)"
