#!/usr/bin/env bash
# Checks that the running local suite really works, beyond "the port answers":
#   postgres  each service role can create a table in its own schema and not in any other
#   kafka     a record produced to a fresh topic is consumed back (KafkaRoundTrip.java)
#   apicurio  the expected version answers, and a schema can be registered, read back and deleted
#   keycloak  every client in deploy/keycloak/npq-realm.json gets a client-credentials token whose
#             realm_access.roles (besides Keycloak's default roles) and tenant claims are exactly what the
#             realm file declares
#   trs       the stand-in TRS answers a seeded person to a bearer key, 404 for a wrong date of birth, 401 without a key
#   edge      /edge/health, a 404 problem for an unknown path, and each service's path routed to it
#             (200..499 from the service when it runs, a 503 problem with Retry-After when it does not)
#   services  each running service's /q/health and /q/metrics answer on its management interface without a token,
#             and not on its service port
# Exit 1 on the first failure. Run after deploy/local/up.sh (any mode).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
npq_need_cmd jq jq
npq_need_cmd curl curl
npq_jdk
ok() { printf '  ok  %s\n' "$*"; }
bad() { printf 'FAIL  %s\n' "$*" >&2; exit 1; }

echo "postgres"
npq_ready postgres || bad "postgres is not running"
for svc in $NPQ_SERVICES; do
  PGCONNECT_TIMEOUT=3 psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(npq_port postgres)" -U "$svc" -d "$NPQ_DB" \
    -c "create table $svc.npq_smoke(id int); insert into $svc.npq_smoke values (1); drop table $svc.npq_smoke" >/dev/null 2>&1 ||
    bad "role $svc cannot create a table in schema $svc"
  for other in $NPQ_SERVICES; do
    [ "$other" = "$svc" ] && continue
    if PGCONNECT_TIMEOUT=3 psql -X -q -h 127.0.0.1 -p "$(npq_port postgres)" -U "$svc" -d "$NPQ_DB" \
      -c "create table $other.npq_smoke_$svc(id int)" >/dev/null 2>&1; then
      bad "role $svc could create a table in schema $other"
    fi
  done
  ok "role $svc (password $svc-local): tables in schema $svc only"
done

echo "kafka"
npq_ready kafka || bad "kafka is not running"
"$JAVA" -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" -cp "$(cat "$KAFKA_CLASSPATH_FILE")" \
  "$NPQ_TOP/deploy/local/KafkaRoundTrip.java" "127.0.0.1:$(npq_port kafka)" | sed 's/^kafka: /  ok  /' || bad "kafka round trip failed"

echo "apicurio"
base="http://127.0.0.1:$(npq_port apicurio)/apis/registry/v3"
version=$(curl -sf "$base/system/info" | jq -r .version) || bad "apicurio is not answering"
[ "$version" = "$APICURIO_VERSION" ] || bad "apicurio reports version $version, expected $APICURIO_VERSION"
ok "system info: version $version"
artifact="smoke-$RANDOM$RANDOM"
schema='{"type":"record","name":"Smoke","namespace":"uk.npq.smoke","fields":[{"name":"id","type":"string"}]}'
jq -n --arg id "$artifact" --arg s "$schema" \
  '{artifactId: $id, artifactType: "AVRO", firstVersion: {content: {content: $s, contentType: "application/json"}}}' |
  curl -sf -X POST -H 'Content-Type: application/json' --data-binary @- "$base/groups/npq.smoke/artifacts" >/dev/null ||
  bad "could not register an Avro schema"
[ "$(curl -sf "$base/groups/npq.smoke/artifacts/$artifact/versions/branch=latest/content" | jq -c .)" = "$(jq -c . <<<"$schema")" ] ||
  bad "the registered schema did not read back"
curl -sf -o /dev/null -X DELETE "$base/groups/npq.smoke/artifacts/$artifact" || bad "could not delete npq.smoke/$artifact"
ok "registered, read back and deleted npq.smoke/$artifact"

echo "keycloak"
token_url="http://127.0.0.1:$(npq_port keycloak)/realms/$NPQ_REALM/protocol/openid-connect/token"
issuer=$(curl -sf "http://127.0.0.1:$(npq_port keycloak)/realms/$NPQ_REALM/.well-known/openid-configuration" | jq -r .issuer) ||
  bad "realm $NPQ_REALM is not served"
ok "issuer $issuer"
jwt_payload() { local p; p=$(cut -d. -f2 <<<"$1" | tr '_-' '/+'); while [ $((${#p} % 4)) -ne 0 ]; do p+='='; done; base64 -d <<<"$p"; }
for client in $(jq -r '.clients[] | select(.serviceAccountsEnabled) | .clientId' "$REALM_FILE"); do
  secret=$(jq -r --arg c "$client" '.clients[] | select(.clientId == $c) | .secret' "$REALM_FILE")
  token=$(curl -sf -d grant_type=client_credentials -d client_id="$client" -d client_secret="$secret" "$token_url" | jq -r .access_token) ||
    bad "$client: no token"
  payload=$(jwt_payload "$token")
  # what the realm file declares: the service account's realm roles, the hard-coded claims
  want_roles=$(jq -c --arg c "$client" '[.users[] | select(.serviceAccountClientId == $c) | .realmRoles[] | select(startswith("default-roles-") | not)] | sort' "$REALM_FILE")
  want_claims=$(jq -c --arg c "$client" '[.clients[] | select(.clientId == $c) | .protocolMappers[]? | select(.protocolMapper == "oidc-hardcoded-claim-mapper") | .config | {(.["claim.name"]): .["claim.value"]}] | add // {}' "$REALM_FILE")
  got_roles=$(jq -c '[.realm_access.roles[] | select(startswith("default-roles-") or . == "offline_access" or . == "uma_authorization" | not)] | sort' <<<"$payload")
  got_claims=$(jq -c '{lead_provider_id, delivery_partner_id, school_urn} | with_entries(select(.value != null))' <<<"$payload")
  [ "$(jq -r .iss <<<"$payload")" = "$issuer" ] || bad "$client: token issuer $(jq -r .iss <<<"$payload")"
  [ "$got_roles" = "$want_roles" ] || bad "$client: roles $got_roles, expected $want_roles"
  [ "$(jq -cS . <<<"$got_claims")" = "$(jq -cS . <<<"$want_claims")" ] || bad "$client: claims $got_claims, expected $want_claims"
  ok "$client: roles $got_roles claims $got_claims"
done

echo "trs"
trs="http://127.0.0.1:$(npq_port trs)"
npq_ready trs || bad "the TRS stand-in is not running"
[ "$(curl -sf -H 'Authorization: Bearer smoke' "$trs/v3/persons/1234567?dateOfBirth=1985-04-12" | jq -r .trn)" = 1234567 ] ||
  bad "seeded person 1234567 not served"
ok "GET /v3/persons/1234567 with its date of birth -> the person"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer smoke' "$trs/v3/persons/1234567?dateOfBirth=1985-04-13")" = 404 ] ||
  bad "a wrong date of birth is not a 404"
ok "... with another date of birth -> 404"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$trs/v3/persons/1234567?dateOfBirth=1985-04-12")" = 401 ] || bad "no key is not a 401"
ok "... without a bearer key -> 401"

if npq_alive edge; then
  echo "edge"
  edge="http://127.0.0.1:$(npq_port edge)"
  [ "$(curl -s "$edge/edge/health")" = ok ] || bad "/edge/health"
  ok "/edge/health -> ok"
  read -r code type < <(curl -s -o /dev/null -w '%{http_code} %{content_type}\n' "$edge/no/such/api")
  [ "$code $type" = "404 application/problem+json" ] || bad "/no/such/api -> $code $type"
  ok "/no/such/api -> 404 application/problem+json"
  declare -A probe=([registration]=/api/v3/npq-applications [funding]=/api/v3/statements
                    [engagement]=/api/v3/participant-declarations [assessment]=/api/v3/participants/npq/outcomes)
  for svc in $NPQ_SERVICES; do
    read -r code type < <(curl -s -o /dev/null -w '%{http_code} %{content_type}\n' "$edge${probe[$svc]}")
    if npq_alive "$svc"; then
      [ "$code" -ge 200 ] && [ "$code" -lt 500 ] && [ "$code" != 404 ] || bad "${probe[$svc]} -> $code from running $svc"
      ok "${probe[$svc]} -> $code from $svc"
    else
      [ "$code $type" = "503 application/problem+json" ] || bad "${probe[$svc]} -> $code $type ($svc is not running)"
      ok "${probe[$svc]} -> 503 problem ($svc not running)"
    fi
  done
fi
for svc in $NPQ_SERVICES; do
  npq_alive "$svc" || continue
  [ "${header_printed:-}" ] || { echo "services"; header_printed=1; }
  curl -sf "$(npq_management_url "$svc")" | jq -e '.status == "UP"' >/dev/null || bad "$svc: $(npq_management_url "$svc") is not UP"
  curl -sf "$(npq_management_url "$svc" metrics)" | grep -q '^npq_outbox_backlog' ||
    bad "$svc: $(npq_management_url "$svc" metrics) has no npq_outbox_backlog"
  for path in /q/health/ready /q/metrics; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(npq_port "$svc")$path")
    [ "$code" = 404 ] || bad "$svc: $path on the service port -> $code (must be 404: management interface only)"
  done
  ok "$svc: health and metrics on :$(npq_port "$svc-management") without a token, 404 on :$(npq_port "$svc")"
done
echo "smoke checks passed in $(npq_elapsed)"
