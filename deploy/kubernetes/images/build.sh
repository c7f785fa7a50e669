#!/usr/bin/env bash
# The four services' container images, built by Quarkus' Jib extension: no container engine, no base image pulled from
# a registry, user 185. deploy/kubernetes/README.md ("Images") explains it.
#
#   deploy/kubernetes/images/build.sh [--registry HOST[:PORT]] [--insecure] [--twice] [--stop-registry] [service...]
#                                                                                                   default: all four
# 1. The base image, assembled here offline (only Debian's packages are downloaded) into .local/images/base.tar, an
#    image tarball in `docker save` form that Jib reads as `tar://` base: Debian's libc6, zlib1g, libgcc-s1 and
#    libstdc++6 (apt-get download, unpacked with dpkg-deb), a Java runtime jlinked from the JDK 21+ that
#    .mvn/wrapper/find-jdk.sh finds, in /opt/java, /etc/passwd naming uid 185. One layer, written by GNU tar with
#    sorted names, time 0 and owner 0, so the same packages and JDK give the same bytes. Delete .local/images to rebuild
#    it (after a Debian update or a new JDK).
# 2. Maven, profile container-image (root pom), packages the services from clean modules and Quarkus' Jib extension
#    builds each image on that base (the fast-jar in /work, entrypoint /opt/java/bin/java ... -jar /work/quarkus-run.jar,
#    user 185:185, every timestamp fixed) and pushes it to the registry: without --registry a local one this script
#    starts on 127.0.0.1:${NPQ_IMAGE_REGISTRY_PORT:-5000} (Debian's docker-registry, a plain process, storage in
#    .local/images/registry; it keeps running unless --stop-registry: stop it with `kill $(cat .local/images/registry.pid)`),
#    from which `skopeo copy` copies the images to your cluster's registry with their digests; with --registry, straight
#    to yours (credentials: ~/.docker/config.json, a credential helper, or QUARKUS_CONTAINER_IMAGE_USERNAME/_PASSWORD).
# 3. It prints each image's digest (also in <service>-service/target/jib-image.digest) and checks, from the registry
#    (inspect.mjs), each image's config: user 185:185, the entrypoint, the working directory, the port, epoch times.
#    --twice makes the base again and fails unless it is the same bytes, then builds the images again from clean
#    modules and fails unless every layer but Quarkus' generated classes is the same (README: why that one is not).
# Needs: a JDK 21+, apt-get and dpkg-deb, GNU tar, curl, node; docker-registry for the local registry
# (apt-get install docker-registry). Maven runs under flock /tmp/npq-maven.lock; add -o with MAVEN_ARGS=-o.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$top"
. .mvn/wrapper/find-jdk.sh          # JAVA_HOME: a JDK 21+ (jlink's source and Maven's JVM)

registry="" insecure=false twice=false stop_registry=false services=()
while [ $# -gt 0 ]; do
  case $1 in
    --registry) registry=${2:?--registry needs HOST[:PORT]}; shift 2 ;;
    --insecure) insecure=true; shift ;;
    --twice) twice=true; shift ;;
    --stop-registry) stop_registry=true; shift ;;
    registration|funding|engagement|assessment) services+=("$1"); shift ;;
    *) echo "usage: $0 [--registry HOST[:PORT]] [--insecure] [--twice] [--stop-registry] [registration|funding|engagement|assessment ...]" >&2; exit 2 ;;
  esac
done
[ ${#services[@]} -gt 0 ] || services=(registration funding engagement assessment)
version=$(sed -n 's:^  <version>\([^<]*\)</version>.*:\1:p' pom.xml | head -1)
work=$top/.local/images            # git-ignored (.local/)
mkdir -p "$work"

# ---- 1. the base image ---------------------------------------------------------------------------------------------
make_base() { # $1: the image tarball to write
  local b=$work/base.new diff_id jdk debs
  rm -rf "$b"; mkdir -p "$b/debs" "$b/rootfs" "$b/image"
  download() { (cd "$b/debs" && apt-get download libc6 zlib1g libgcc-s1 libstdc++6 >/dev/null 2>&1); }
  download || { [ "$(id -u)" = 0 ] && apt-get update -qq >/dev/null 2>&1 && download; } ||
    { echo "error: apt-get download failed (run apt-get update once)" >&2; return 1; }
  for d in "$b"/debs/*.deb; do dpkg-deb -x "$d" "$b/rootfs"; done
  rm -rf "$b"/rootfs/usr/share/{doc,man,info,lintian,locale,gdb} "$b"/rootfs/etc/ld.so.conf.d
  # java.se and what this platform's libraries reach for: Unsafe (Netty, Kafka), the zip file system (Quarkus),
  # DNS names (JNDI), JMX and JFR for operators, the extra charsets, extended socket options (Netty)
  "$JAVA_HOME/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.zipfs,jdk.naming.dns,jdk.management,jdk.jfr,jdk.charsets,jdk.net \
    --strip-debug --no-header-files --no-man-pages --output "$b/rootfs/opt/java"
  mkdir -p "$b/rootfs/etc" "$b/rootfs/tmp" "$b/rootfs/work"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnpq:x:185:185:npq:/work:/sbin/nologin\n' >"$b/rootfs/etc/passwd"
  printf 'root:x:0:\nnpq:x:185:\n' >"$b/rootfs/etc/group"
  printf 'hosts: files dns\n' >"$b/rootfs/etc/nsswitch.conf"
  chmod 1777 "$b/rootfs/tmp"; chmod 755 "$b/rootfs/work"
  # one layer, byte for byte the same from the same files: sorted, time 0, owner root, no extended headers
  tar --create --file "$b/image/layer.tar" --directory "$b/rootfs" --sort=name --mtime=@0 --owner=0 --group=0 \
    --numeric-owner --format=gnu .
  diff_id=sha256:$(sha256sum "$b/image/layer.tar" | cut -d' ' -f1)
  jdk=$("$b/rootfs/opt/java/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')
  debs=$(cd "$b/debs" && ls *.deb | tr '\n' ' ')
  printf '{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"User":"185:185","WorkingDir":"/work"},"rootfs":{"type":"layers","diff_ids":["%s"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/kubernetes/images/build.sh: %s+ jlink %s"}]}' \
    "$diff_id" "$debs" "$jdk" >"$b/image/config.json"
  printf '[{"Config":"config.json","RepoTags":["npq/base:%s"],"Layers":["layer.tar"]}]' "$version" >"$b/image/manifest.json"
  tar --create --file "$1.new" --directory "$b/image" --mtime=@0 --owner=0 --group=0 --numeric-owner \
    --format=gnu manifest.json config.json layer.tar
  mv "$1.new" "$1"; rm -rf "$b"
}
if [ ! -f "$work/base.tar" ]; then
  echo "base image: Debian's libc6 zlib1g libgcc-s1 libstdc++6 and a Java runtime jlinked from $JAVA_HOME"
  make_base "$work/base.tar"; rm -rf "$work/jib-cache"
fi
echo "base image: $work/base.tar sha256:$(sha256sum "$work/base.tar" | cut -d' ' -f1)"
if $twice; then   # the base again from the same packages and JDK: the same bytes?
  make_base "$work/base-again.tar"
  cmp -s "$work/base.tar" "$work/base-again.tar" ||
    { echo "error: the base image is not reproducible (or Debian's packages changed since $work/base.tar was made)" >&2; exit 1; }
  rm -f "$work/base-again.tar"; echo "base image: made again, the same bytes"
fi

# ---- 2. the registry -------------------------------------------------------------------------------------------------
if [ -z "$registry" ]; then
  port=${NPQ_IMAGE_REGISTRY_PORT:-5000}; registry=127.0.0.1:$port; insecure=true
  if ! curl -fsS "http://$registry/v2/" >/dev/null 2>&1; then
    command -v docker-registry >/dev/null || { echo "error: no docker-registry (apt-get install docker-registry), or pass --registry" >&2; exit 1; }
    mkdir -p "$work/registry"
    cat >"$work/registry.yml" <<EOF
version: 0.1
log: {level: warn}
storage: {filesystem: {rootdirectory: $work/registry}, delete: {enabled: true}}
http: {addr: "$registry"}
EOF
    nohup docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
    echo $! >"$work/registry.pid"
    if $stop_registry; then trap 'kill "$(cat "$work/registry.pid")" 2>/dev/null || true' EXIT; fi
    for _ in $(seq 50); do curl -fsS "http://$registry/v2/" >/dev/null 2>&1 && break; sleep 0.2; done
    curl -fsS "http://$registry/v2/" >/dev/null || { echo "error: the local registry did not start: $work/registry.log" >&2; exit 1; }
    echo "local registry: http://$registry (pid $(cat "$work/registry.pid"), storage $work/registry)"
  fi
fi

# ---- 3. the images ---------------------------------------------------------------------------------------------------
# from clean modules: a jar left by an ordinary build (its entries dated by that build) is never reused
modules=$(printf '%s-service,' "${services[@]}"); modules=${modules%,}
build() {
  flock /tmp/npq-maven.lock ./mvnw -B -q clean package -Pcontainer-image -DskipTests -pl "$modules" -am \
    -Dquarkus.container-image.registry="$registry" -Dquarkus.container-image.insecure="$insecure" >&2 || return 1
  for s in "${services[@]}"; do printf '%s %s\n' "$s" "$(cat "$s-service/target/jib-image.digest")"; done
}
first=$(build)

# ---- 4. what the registry holds ----------------------------------------------------------------------------------------
scheme=https; $insecure && scheme=http
inspect() { node deploy/kubernetes/images/inspect.mjs "$1" "$scheme://$registry" "${@:2}"; }
fail=0
while read -r s digest; do
  port=$(sed -n "s/^quarkus.http.port=\${NPQ_${s^^}_PORT:\([0-9]*\)}.*/\1/p" "$s-service/src/main/resources/application.properties")
  inspect check "npq/$s-service" "$digest" "$port" || fail=1
  echo "$registry/npq/$s-service:$version  $digest"
done <<<"$first"
if $twice; then
  echo "building again from clean modules"
  second=$(build)
  while read -r s digest; do echo "$registry/npq/$s-service:$version  $digest"; done <<<"$second"
  # every layer but Quarkus' generated classes the same (README, "Images": why that one is not)
  while read -r s a _ b; do inspect compare "npq/$s-service" "$a" "$b" || fail=1; done < <(paste -d' ' <(echo "$first") <(echo "$second"))
fi
exit $fail
