#!/usr/bin/env bash
# The NPQ platform on this machine, no containers, everything on 127.0.0.1:
#   PostgreSQL (database npq, one role + schema per service), Kafka (KRaft, one node), Apicurio Registry,
#   Keycloak (realm npq from deploy/keycloak/npq-realm.json), the stand-in Teacher Record System (WireMock,
#   deploy/trs-stand-in), the nginx edge and the four services.
# Safe to run again: what already runs (live pid file) is left alone and reported. Stop with down.sh.
#
# usage: up.sh [--replicas N]   N processes of each service (1 to 4, default 1 or NPQ_REPLICAS), each on its own port
#                               (replica k on the service's port + 10*(k-1)), all behind the edge's upstream of the service.
#                               Run again with a larger N it starts the missing replicas (and reloads the edge); a smaller
#                               N than runs is refused with what to do.
#
# env: NPQ_REPLICAS=N     as --replicas N
#      NPQ_INFRA_ONLY=1   only PostgreSQL, Kafka, Apicurio, Keycloak and the TRS stand-in (to run one service in dev mode)
#      NPQ_WITH_EDGE=1    with NPQ_INFRA_ONLY=1: start the edge as well
#      NPQ_SKIP_BUILD=1   never build the services (a missing jar is then an error)
#      NPQ_<NAME>_PORT    port overrides, e.g. NPQ_POSTGRES_PORT, NPQ_KEYCLOAK_PORT (see deploy/local/README.md)
#      NPQ_WAIT_TIMEOUT   seconds to wait for each component (default 180, Keycloak 300)
#      NPQ_SERVICE_JAVA_OPTS  the services' JVM flags instead of the measured defaults (SERVICE_JAVA_OPTS below)
#      NPQ_AOT=1          an AOT cache for the services (JDK 25+; off by default: see AOT_DIR below)
#      NPQ_PG_DURABLE=1   PostgreSQL durable (fsync, synchronous_commit, full_page_writes on); the default is fsync=off,
#                         NOT durable (see start_postgres); a server already running in the other mode is an error
#      NPQ_OTLP_ENDPOINT  traces: the services export spans (OpenTelemetry) to this OTLP gRPC receiver, e.g. http://127.0.0.1:4317
#      NPQ_TRACE_LOG=true traces: the services write each finished span to their log instead (no receiver needed); both
#                         are read by the services themselves (platform tracing.TracingSwitch); unset, tracing is off
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REPLICAS=${NPQ_REPLICAS:-1}
while [ $# -gt 0 ]; do
  case $1 in
    --replicas) [ $# -ge 2 ] || npq_die "--replicas needs a number (1 to $NPQ_MAX_REPLICAS)"; REPLICAS=$2; shift 2 ;;
    --replicas=*) REPLICAS=${1#--replicas=}; shift ;;
    -h | --help) sed -n '2,/^\. /{/^#/p}' "$0"; exit 0 ;;
    *) npq_die "unknown argument '$1' (usage: up.sh [--replicas N])" ;;
  esac
done
npq_replicas_valid "$REPLICAS" || npq_die "replicas must be a number from 1 to $NPQ_MAX_REPLICAS (got '$REPLICAS')"

MODE=$(npq_mode_from_env)
WANT=" $(npq_expected "$MODE" "$REPLICAS") "
wants() { [[ $WANT == *" $1 "* ]]; }
wants_services() { [ "$MODE" = full ]; }

# ---- prerequisites --------------------------------------------------------------------------------------
npq_need_cmd curl curl
npq_need_cmd psql postgresql-client
npq_need_cmd unzip unzip
npq_need_cmd xz xz-utils
[ "$(id -u)" = 0 ] && npq_need_cmd unshare util-linux
wants edge && npq_need_cmd nginx nginx-light
npq_jdk
mkdir -p "$RUN" "$LOGS"
npq_note "NPQ local suite ($MODE$([ "$MODE" = full ] && echo ", $REPLICAS replica(s) of each service")) in $(npq_rel "$NPQ_LOCAL"), java $JAVA_HOME"

# More replicas than asked already run: stopping some of a running suite's replicas is not up.sh's to decide.
if wants_services; then
  running=$(npq_running_replicas)
  if [ "$running" -gt "$REPLICAS" ]; then
    npq_die "$running replicas of a service run, $REPLICAS asked: to keep them, run up.sh --replicas $running; to run $REPLICAS, stop the suite (deploy/local/down.sh) and run deploy/local/up.sh --replicas $REPLICAS"
  fi
fi

# ---- distributions: fetched by deploy/local/pom.xml into .local/dist when missing ------------------------
kafka_classpath_ok() {
  local jar
  [ -s "$KAFKA_CLASSPATH_FILE" ] || return 1
  for jar in $(tr ':' ' ' <"$KAFKA_CLASSPATH_FILE"); do [ -f "$jar" ] || return 1; done
}
fetch_distributions() {
  [ -s "$PG_JAR" ] && [ -s "$APICURIO_TGZ" ] && [ -s "$KEYCLOAK_ZIP" ] && [ -s "$TRS_JAR" ] && kafka_classpath_ok && return 0
  npq_note "$(npq_elapsed) fetching distributions into $(npq_rel "$DIST") (log: $(npq_rel "$LOGS/dist.log"))"
  (cd "$NPQ_TOP" && ./mvnw -B -q -f deploy/local/pom.xml -Dnpq.dist.dir="$DIST" generate-resources) \
    >"$LOGS/dist.log" 2>&1 || { tail -n 30 "$LOGS/dist.log" >&2; npq_die "fetching the distributions failed"; }
  kafka_classpath_ok || npq_die "$(npq_rel "$KAFKA_CLASSPATH_FILE") is missing or names missing jars"
}
unpack() { # $1 target dir, $2 command that unpacks into the directory given as its last argument
  local target=$1 tmp; shift
  [ -e "$target" ] && return 0
  tmp=$target.unpacking; rm -rf "$tmp"; mkdir -p "$tmp"
  "$@" "$tmp" || npq_die "unpacking into $target failed"
  mv "$tmp" "$target"
}
pg_unpack() { unzip -p "$PG_JAR" postgres-linux-x86_64.txz | tar xJ -C "$1"; }
apicurio_unpack() { tar xzf "$APICURIO_TGZ" -C "$1"; }
keycloak_unpack() { unzip -q "$KEYCLOAK_ZIP" -d "$1" && mv "$1/keycloak-$KEYCLOAK_VERSION"/* "$1/" && rmdir "$1/keycloak-$KEYCLOAK_VERSION"; }

# ---- service jars ---------------------------------------------------------------------------------------
newer_sources() { # $1 = service: prints the first source file newer than its jar
  local jar dirs=() d
  jar=$(npq_service_jar "$1")
  for d in "$NPQ_TOP/pom.xml" "$NPQ_TOP/platform" "$NPQ_TOP/contracts" "$(npq_service_module "$1")"; do
    [ -e "$d" ] && dirs+=("$d")
  done
  find "${dirs[@]}" \( -name target -o -name .idea -o -name node_modules \) -prune -o -type f -newer "$jar" -print -quit
}
ensure_service_jars() {
  local svc missing=() stale=() f modules what
  for svc in $NPQ_SERVICES; do
    if [ ! -f "$(npq_service_jar "$svc")" ]; then
      npq_alive "$svc" || missing+=("$svc")
    elif f=$(newer_sources "$svc") && [ -n "$f" ]; then
      if npq_alive "$svc"; then npq_note "note: $svc runs a build older than $(npq_rel "$f"); restart it to pick that up (down.sh, up.sh)"
      else stale+=("$svc"); fi
    fi
  done
  [ ${#missing[@]} -eq 0 ] && [ ${#stale[@]} -eq 0 ] && return 0
  modules=$(printf '%s-service,' $NPQ_SERVICES); modules=${modules%,}
  if [ "${NPQ_SKIP_BUILD:-0}" = 1 ]; then
    [ ${#stale[@]} -eq 0 ] || npq_note "note: NPQ_SKIP_BUILD=1: not rebuilding ${stale[*]} although sources changed"
    [ ${#missing[@]} -eq 0 ] && return 0
    for svc in "${missing[@]}"; do echo "error: $(npq_rel "$(npq_service_jar "$svc")") is missing" >&2; done
    npq_die "NPQ_SKIP_BUILD=1 is set: build the services first: ./mvnw -B -q -DskipTests package -pl $modules -am"
  fi
  what=("${missing[@]}" "${stale[@]}")
  npq_note "$(npq_elapsed) building the services (${what[*]}: jar missing or older than sources; log: $(npq_rel "$LOGS/build.log"))"
  (cd "$NPQ_TOP" && ./mvnw -B -q -DskipTests package -pl "$modules" -am) >"$LOGS/build.log" 2>&1 ||
    { tail -n 40 "$LOGS/build.log" >&2; npq_die "the build failed (full log: $(npq_rel "$LOGS/build.log"))"; }
  for svc in $NPQ_SERVICES; do [ -f "$(npq_service_jar "$svc")" ] || npq_die "the build did not produce $(npq_rel "$(npq_service_jar "$svc")")"; done
  npq_note "$(npq_elapsed) services built"
}

# ---- starting -------------------------------------------------------------------------------------------
STARTED=()
already_running() { # $1 = component: true (and reported) when our recorded process is alive
  if npq_alive "$1"; then npq_note "$1 already running (pid $(npq_pid "$1"))"; return 0; fi
  npq_forget "$1"; return 1
}
ports_free() { # $1 = component, then the port names it binds
  local name=$1 p; shift
  for p in "$@"; do
    ! npq_port_in_use "$(npq_port "$p")" ||
      npq_die "$name: port $(npq_port "$p") on 127.0.0.1 is already taken by a process up.sh did not start (set $(npq_port_var "$p") to move it)"
  done
}

# Durability. By default the suite's PostgreSQL runs with fsync=off: a commit is not forced to disk, so a crash of
# the machine (not of PostgreSQL) can lose recent commits or corrupt the data directory. That is the throw-away local
# suite's trade (faster tests and benchmarks on a shared disk), never a production setting. NPQ_PG_DURABLE=1 starts it
# durable: fsync=on, synchronous_commit=on, full_page_writes=on (PostgreSQL's own defaults); the fault tests and the
# benchmarks can run either way, and the benchmarks print which one the server reports. track_commit_timestamp=on in
# both: benchmarks/event-latency.sh reads when each transaction committed.
pg_durable_wanted() { [ "${NPQ_PG_DURABLE:-0}" = 1 ]; }
pg_mode_options() {
  if pg_durable_wanted; then echo "-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
  else echo "-c fsync=off"; fi
}
check_postgres_mode() { # a running server keeps its mode: say so, and refuse when the caller asked for the other one
  local have want=not-durable
  pg_durable_wanted && want=durable
  have=$(npq_pg_durability)
  [ -n "$have" ] && [ "$have" != "$want" ] || return 0
  if [ -n "${NPQ_PG_DURABLE:-}" ]; then
    npq_die "postgres already runs $have, but NPQ_PG_DURABLE=$NPQ_PG_DURABLE asks for $want: stop the suite (deploy/local/down.sh) and run up.sh again"
  fi
  npq_note "note: postgres already runs $have (NPQ_PG_DURABLE is unset, which would start it $want); kept as it is"
}

start_postgres() {
  already_running postgres && return 0 # its mode was checked before anything started (check_postgres_mode)
  ports_free postgres postgres
  unpack "$PG_HOME" pg_unpack
  mkdir -p "$PG_DIR"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    "${PG_AS[@]}" "$PG_HOME/bin/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --no-locale >"$LOGS/postgres-initdb.log" 2>&1 ||
      { tail -n 20 "$LOGS/postgres-initdb.log" >&2; npq_die "initdb failed"; }
  fi
  npq_fresh_log postgres
  # max_connections 200: four services x two replicas x a pool of 20 (platform's microprofile-config.properties) = 160,
  # the 3 reserved for superusers, and 37 for administration
  setsid -w "${PG_AS[@]}" "$PG_HOME/bin/pg_ctl" -D "$PG_DATA" -l "$(npq_log postgres)" -w -t 60 \
    -o "-p $(npq_port postgres) -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_DIR $(pg_mode_options) -c track_commit_timestamp=on -c max_connections=200" start >/dev/null ||
    npq_fail "postgres did not start"
  npq_note "postgres: $(pg_durable_wanted && echo "durable (NPQ_PG_DURABLE=1: fsync, synchronous_commit, full_page_writes on)" || echo "NOT durable (fsync=off; NPQ_PG_DURABLE=1 for a durable one)")"
  npq_record_pid postgres "$(head -1 "$PG_DATA/postmaster.pid")"
  STARTED+=(postgres)
}

# Database npq; per service a login role <name> (password <name>-local) owning schema <name>. A role gets
# no rights on the other schemas (a schema's privileges belong to its owner alone; PUBLIC's are revoked).
setup_database() {
  local svc sql=""
  [ "$(npq_psql -d postgres -tAc "select count(*) from pg_database where datname = '$NPQ_DB'")" = 1 ] ||
    npq_psql -d postgres -c "create database $NPQ_DB" || npq_die "could not create database $NPQ_DB"
  for svc in $NPQ_SERVICES; do
    sql+="
do \$\$ begin
  if not exists (select from pg_roles where rolname = '$svc') then create role $svc login password '$svc-local';
  else alter role $svc login password '$svc-local'; end if;
end \$\$;
create schema if not exists $svc authorization $svc;
alter schema $svc owner to $svc;
revoke all on schema $svc from public;"
  done
  # extensions the services' migrations use (pg_trgm: funding's establishment name search), installed by the superuser
  # in their own schema that every role may use
  sql+="
create schema if not exists extensions;
grant usage on schema extensions to public;
create extension if not exists pg_trgm with schema extensions;"
  npq_psql -d "$NPQ_DB" <<<"$sql" || npq_die "could not set up the roles and schemas in $NPQ_DB"
  npq_note "$(npq_elapsed) database $NPQ_DB: roles and schemas $NPQ_SERVICES"
}

start_kafka() {
  local cp
  already_running kafka && return 0
  ports_free kafka kafka kafka-controller
  mkdir -p "$KAFKA_DIR/data"
  cat >"$KAFKA_DIR/server.properties" <<EOF
# written by deploy/local/up.sh
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$(npq_port kafka-controller)
listeners=PLAINTEXT://127.0.0.1:$(npq_port kafka),CONTROLLER://127.0.0.1:$(npq_port kafka-controller)
advertised.listeners=PLAINTEXT://127.0.0.1:$(npq_port kafka)
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=4
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
EOF
  cat >"$KAFKA_DIR/log4j2.properties" <<'EOF'
# written by deploy/local/up.sh: warnings, plus the broker's start and stop lines
status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.out.ref = OUT
logger.raftserver.name = kafka.server.KafkaRaftServer
logger.raftserver.level = info
logger.brokerserver.name = kafka.server.BrokerServer
logger.brokerserver.level = info
EOF
  cp=$(cat "$KAFKA_CLASSPATH_FILE")
  if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
    [ -s "$KAFKA_DIR/cluster.id" ] || head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$KAFKA_DIR/cluster.id"
    "$JAVA" -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" -cp "$cp" kafka.tools.StorageTool \
      format -t "$(cat "$KAFKA_DIR/cluster.id")" -c "$KAFKA_DIR/server.properties" --ignore-formatted >"$LOGS/kafka-format.log" 2>&1 ||
      { tail -n 20 "$LOGS/kafka-format.log" >&2; npq_die "formatting the Kafka storage failed"; }
  fi
  npq_spawn kafka "$KAFKA_DIR" "$JAVA" -Xms64m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" -cp "$cp" kafka.Kafka "$KAFKA_DIR/server.properties"
  STARTED+=(kafka)
}

start_apicurio() {
  already_running apicurio && return 0
  ports_free apicurio apicurio apicurio-management
  unpack "$APICURIO_HOME" apicurio_unpack
  mkdir -p "$APICURIO_DIR/data"
  # Storage: the distribution's H2, in a file rather than in memory. Kafka keeps its records across restarts
  # and they carry schema ids, so the registry must keep them too (an empty one would hand out the same ids
  # again for other schemas). Deleting through the REST API is allowed (off by default) so test data can be
  # cleaned up. The management interface is fixed on at build time: it gets its own port.
  npq_spawn apicurio "$APICURIO_DIR" "$JAVA" -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$(npq_port apicurio)" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$(npq_port apicurio-management)" \
    -Dapicurio.datasource.url="jdbc:h2:file:$APICURIO_DIR/data/registry" \
    -Dapicurio.datasource.jdbc.initial-size=2 -Dapicurio.datasource.jdbc.min-size=2 -Dapicurio.datasource.jdbc.max-size=10 \
    -Dapicurio.rest.deletion.group.enabled=true -Dapicurio.rest.deletion.artifact.enabled=true \
    -Dapicurio.rest.deletion.artifact-version.enabled=true \
    -jar "$APICURIO_HOME/quarkus-run.jar"
  STARTED+=(apicurio)
}

REALM_SUM=$(sha256sum "$REALM_FILE" | cut -c1-64)
REALM_SUM_FILE=$KEYCLOAK_DIR/imported-realm.sha256
start_keycloak() {
  if already_running keycloak; then
    [ "$(cat "$REALM_SUM_FILE" 2>/dev/null)" = "$REALM_SUM" ] ||
      npq_note "note: $(npq_rel "$REALM_FILE") changed since Keycloak imported it: run down.sh and up.sh to re-import"
    return 0
  fi
  ports_free keycloak keycloak keycloak-management
  unpack "$KEYCLOAK_HOME" keycloak_unpack
  # --import-realm skips a realm that exists: when the realm file changed, drop the dev database (H2)
  if [ -d "$KEYCLOAK_HOME/data/h2" ] && [ "$(cat "$REALM_SUM_FILE" 2>/dev/null)" != "$REALM_SUM" ]; then
    npq_note "realm file changed since the last import: wiping Keycloak's dev database to re-import it"
    rm -rf "$KEYCLOAK_HOME/data/h2"
  fi
  mkdir -p "$KEYCLOAK_HOME/data/import"
  cp "$REALM_FILE" "$KEYCLOAK_HOME/data/import/npq-realm.json"
  echo "$REALM_SUM" >"$REALM_SUM_FILE" # what this start imports (a failed import fails the start)
  # kc.sh stays the JVM's parent and forwards SIGTERM to it (or execs it after a re-augmentation): its PID
  # is the one to record. C1 only: about half the CPU to start (kc.sh already picks G1, so no GC option).
  npq_spawn keycloak "$KEYCLOAK_DIR" env JAVA_HOME="$JAVA_HOME" JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m" \
    JAVA_OPTS_APPEND="-XX:TieredStopAtLevel=1" \
    KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    "$KEYCLOAK_HOME/bin/kc.sh" start-dev --import-realm \
    --http-host=127.0.0.1 --http-port="$(npq_port keycloak)" --hostname="http://127.0.0.1:$(npq_port keycloak)" \
    --http-management-host=127.0.0.1 --http-management-port="$(npq_port keycloak-management)" --health-enabled=true
  STARTED+=(keycloak)
}

# The stand-in TRS: WireMock serving deploy/trs-stand-in (mappings/ and __files/). No request journal: it keeps
# nothing of what it is sent; every request matches a stub, so WireMock logs none of them either.
start_trs() {
  already_running trs && return 0
  ports_free trs trs
  npq_spawn trs "$TRS_HOME" "$JAVA" -Xms32m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$TRS_JAR" \
    --bind-address 127.0.0.1 --port "$(npq_port trs)" --root-dir "$TRS_HOME" --no-request-journal --disable-banner
  STARTED+=(trs)
}

# The upstream servers of one service for the edge: one line per replica. A replica that refuses the connection (stopped,
# killed, still starting) is taken out for fail_timeout and the request goes to the next (proxy_next_upstream in
# deploy/edge/nginx.conf: never, for a non-idempotent request, once it may have reached a replica).
edge_servers() { # $1 = service
  local k out=""
  for ((k = 1; k <= REPLICAS; k++)); do
    out+="server 127.0.0.1:$(npq_port "$(npq_replica_name "$1" "$k")") max_fails=1 fail_timeout=5s; "
  done
  printf '%s\n' "${out% }"
}
render_edge() { # writes .local/edge/nginx.conf for $REPLICAS replicas of each service and checks it with nginx -t
  local user_directive="# not started as root: the workers run as the invoking user"
  [ "$(id -u)" = 0 ] && user_directive="user nobody $(id -gn nobody);"
  sed -e "s|@@USER_DIRECTIVE@@|$user_directive|" -e "s|@@EDGE_DIR@@|$EDGE_DIR|g" -e "s|@@LOG_DIR@@|$LOGS|g" \
    -e "s|@@EDGE_PORT@@|$(npq_port edge)|g" -e "s|@@REGISTRATION_PORT@@|$(npq_port registration)|g" \
    -e "s|@@FUNDING_PORT@@|$(npq_port funding)|g" -e "s|@@ENGAGEMENT_PORT@@|$(npq_port engagement)|g" \
    -e "s|@@ASSESSMENT_PORT@@|$(npq_port assessment)|g" \
    -e "s|@@REGISTRATION_SERVERS@@|$(edge_servers registration)|" -e "s|@@FUNDING_SERVERS@@|$(edge_servers funding)|" \
    -e "s|@@ENGAGEMENT_SERVERS@@|$(edge_servers engagement)|" -e "s|@@ASSESSMENT_SERVERS@@|$(edge_servers assessment)|" \
    "$EDGE_TEMPLATE" >"$EDGE_DIR/nginx.conf.new"
  ! grep -q '@@[A-Z_]*@@' "$EDGE_DIR/nginx.conf.new" || npq_die "unrendered placeholder in $(npq_rel "$EDGE_DIR/nginx.conf.new")"
  nginx -t -q -p "$EDGE_DIR/" -c "$EDGE_DIR/nginx.conf.new" -e stderr || npq_die "nginx rejects $(npq_rel "$EDGE_DIR/nginx.conf.new")"
  mv -f "$EDGE_DIR/nginx.conf.new" "$EDGE_DIR/nginx.conf"
}
# A running edge whose upstreams list other replicas than now asked: rendered again and reloaded (SIGHUP to its master:
# new workers with the new upstreams, the old ones finish their requests).
reload_edge_if_changed() {
  local before
  before=$(cat "$EDGE_DIR/nginx.conf" 2>/dev/null || true)
  render_edge
  [ "$before" = "$(cat "$EDGE_DIR/nginx.conf")" ] && return 0
  kill -HUP "$(npq_pid edge)" || npq_die "could not reload the edge (pid $(npq_pid edge))"
  npq_note "edge: reloaded with $REPLICAS replica(s) of each service in its upstreams"
}

start_edge() {
  local nobody_group
  if already_running edge; then reload_edge_if_changed; return 0; fi
  ports_free edge edge
  mkdir -p "$EDGE_DIR"/tmp/{client_body,proxy,fastcgi,uwsgi,scgi}
  if [ "$(id -u)" = 0 ]; then # nginx started by root drops its workers to nobody, who must write the temp dirs
    nobody_group=$(id -gn nobody)
    chown -R "nobody:$nobody_group" "$EDGE_DIR/tmp"
  fi
  render_edge
  npq_spawn edge "$EDGE_DIR" nginx -p "$EDGE_DIR/" -c "$EDGE_DIR/nginx.conf" -e "$(npq_log edge)"
  STARTED+=(edge)
}

# The services' JVM flags, chosen from benchmarks/start-rss.sh on this 2-core machine (benchmarks/README.md, "JVM flags"):
# C1 only (-XX:TieredStopAtLevel=1): on two cores shared by four services, Kafka, Keycloak, Apicurio and PostgreSQL, C2's
# compilations cost more CPU than they win back in the minutes a local suite serves (C2 started slower and served fewer
# requests in the measured load); serial GC: a 256 MiB heap per service needs no parallel collector; -Xms32m: the heap
# grows as needed instead of starting at its maximum, most of the RSS saving; -Xmx256m kept for the big single
# transactions (a statement's 100,000 items). The AOT cache below (NPQ_AOT=1) shortened registration's start from 18.8 to 8.4 s.
# Re-measured with the platform's cache of verified tokens (benchmarks/README.md, "Verified tokens cached, and C1 against
# C2"): C2's main gain on reads was the RSA check of every request's JWT, now done once per token; C1 then used 1.28 ms of
# CPU per GET against C2's 2.38 ms in the same minute, at 256-258 MiB RSS against C2's 289-314 MiB. Kept.
# NPQ_SERVICE_JAVA_OPTS replaces them (measure C2 on a host with spare cores and long-lived load).
SERVICE_JAVA_OPTS=${NPQ_SERVICE_JAVA_OPTS:-"-Xms32m -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
# An AOT cache per service (JDK 25+, JEP 483/514): classes loaded and linked, and method profiles, from a training run,
# mapped at the next start. The training run is simply the first start after the jar (or the flags, or the JDK) changed:
# it records while it serves and writes .local/aot/<service>-<key>.aot when it exits (down.sh); every later start uses
# it. A cache the JVM cannot use is ignored by the JVM (the service starts as without one) and deleted here, so the
# next start trains again. Off unless NPQ_AOT=1: writing the cache at exit costs the training run's stop 80-90 s (and
# minutes on a loaded machine), which a fresh clone, CI and every jar rebuild would pay for a start 8-10 s shorter.
AOT_DIR=$NPQ_LOCAL/aot
aot_supported() { [ "${NPQ_AOT:-0}" = 1 ] && [ "$(npq_jdk_major "$JAVA_HOME")" -ge 25 ]; }
aot_cache() { # $1 = service: the cache's path for this jar, these flags and this JDK
  local key
  key=$( { stat -c '%Y %s' "$(npq_service_jar "$1")"; echo "$SERVICE_JAVA_OPTS"; "$JAVA" -version 2>&1; } | sha256sum | cut -c1-12)
  echo "$AOT_DIR/$1-$key.aot"
}
aot_check() { # $1 = service, once ready: a cache the JVM refused goes, so the next start trains a new one
  local cache
  cache=$(aot_cache "$1")
  if [ -f "$cache" ] && grep -q '\[error *\]\[aot\]' "$(npq_log "$1")"; then
    npq_note "note: $1 could not use its AOT cache $(npq_rel "$cache"); deleted, the next start trains a new one"
    rm -f "$cache"
  fi
}

# $1 = a service or one of its replicas (registration, registration-2, ...). Replicas run the same jar with nothing
# different but the port: consumer groups, job locks, the outbox relay's lock are the service's, shared by its replicas.
start_service() { # the services' built-in defaults point at the ports above; env only for overridden ports
  local svc=$1 service env=() opts cache
  service=$(npq_replica_service "$svc")
  already_running "$svc" && return 0
  ports_free "$svc" "$svc" "$svc-management"
  npq_port_overridden "$svc" && env+=("QUARKUS_HTTP_PORT=$(npq_port "$svc")")
  npq_port_overridden "$svc-management" && env+=("QUARKUS_MANAGEMENT_PORT=$(npq_port "$svc-management")")
  npq_port_overridden postgres && env+=("QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$(npq_port postgres)/$NPQ_DB")
  npq_port_overridden kafka && env+=("KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$(npq_port kafka)")
  npq_port_overridden keycloak && env+=("QUARKUS_OIDC_AUTH_SERVER_URL=http://127.0.0.1:$(npq_port keycloak)/realms/$NPQ_REALM")
  npq_port_overridden apicurio && env+=("MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_APICURIO_REGISTRY_URL=http://127.0.0.1:$(npq_port apicurio)/apis/registry/v3")
  npq_port_overridden trs && env+=("NPQ_TRS_URL=http://127.0.0.1:$(npq_port trs)")
  npq_port_overridden funding && env+=("NPQ_API_TOKEN_INTROSPECTION_URL=http://127.0.0.1:$(npq_port funding)/internal/v1/api-tokens/introspect")
  # PostgreSQL's budget for the services is 160 connections (max_connections 200, see start_postgres): the platform's pool
  # of 20 fits two replicas of each service; 3 or 4 share the 160 (13 or 10 each) unless the environment chose a size
  if [ "$REPLICAS" -gt 2 ] && [ -z "${QUARKUS_DATASOURCE_JDBC_MAX_SIZE:-}" ]; then
    env+=("QUARKUS_DATASOURCE_JDBC_MAX_SIZE=$((160 / (4 * REPLICAS)))")
  fi
  read -ra opts <<<"$SERVICE_JAVA_OPTS"
  if aot_supported; then
    mkdir -p "$AOT_DIR"
    cache=$(aot_cache "$service")
    opts+=(-Xlog:aot=error) # the JVM's per-class notes on what it leaves out of the cache stay out of the service's log
    if [ -s "$cache" ]; then
      opts+=("-XX:AOTCache=$cache")
    elif [ "$svc" = "$service" ]; then # replica 1 trains the cache its service's replicas share
      rm -f "$AOT_DIR/$svc"-*.aot "$AOT_DIR/$svc"-*.aot.config
      opts+=("-XX:AOTCacheOutput=$cache")
      npq_note "$svc: training run for its AOT cache (written when it stops; later starts are faster)"
    fi # other replicas start without one until replica 1 has written it
  fi
  npq_spawn "$svc" "$(npq_service_module "$svc")" env ${env[@]+"${env[@]}"} \
    "$JAVA" "${opts[@]}" -jar "$(npq_service_jar "$svc")"
  STARTED+=("$svc")
}

# ---- the run --------------------------------------------------------------------------------------------
# a running PostgreSQL keeps its mode: refuse (or say so) before starting anything else
if npq_alive postgres && npq_ready postgres; then check_postgres_mode; fi
fetch_distributions
wants_services && ensure_service_jars
echo "$MODE" >"$RUN/mode"
echo "$REPLICAS" >"$RUN/replicas"

start_keycloak # the slow one first (~35 s on a first start, ~10 s later)
start_apicurio
start_postgres
start_kafka
start_trs
wants edge && start_edge
setup_database
npq_wait_ready kafka apicurio
if wants_services; then
  if [ -n "${NPQ_OTLP_ENDPOINT:-}" ]; then npq_note "tracing: the services export spans to $NPQ_OTLP_ENDPOINT"
  elif [ "${NPQ_TRACE_LOG:-}" = true ]; then npq_note "tracing: the services log each span (category uk.npq.trace)"; fi
  for svc in $(npq_instances "$REPLICAS"); do start_service "$svc"; done
fi
wait_for=(keycloak trs)
wants edge && wait_for+=(edge)
read -ra services <<<"$(npq_instances "$REPLICAS")"
wants_services && wait_for+=("${services[@]}")
npq_wait_ready "${wait_for[@]}"
if wants_services && aot_supported; then
  for svc in $NPQ_SERVICES; do aot_check "$svc"; done
fi

echo
npq_table "$MODE" "$REPLICAS" || true
echo
if [ ${#STARTED[@]} -eq 0 ]; then
  npq_note "everything was already running; total $(npq_elapsed)"
else
  npq_note "started ${STARTED[*]}; all ready in $(npq_elapsed)"
fi
