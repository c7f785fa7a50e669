#!/usr/bin/env bash
# Container images of the four services WITHOUT a container engine and without a container registry to pull a base from
# (opt-in; not run by CI). Writes one OCI image tarball per service: <service>-service/target/jib-image.tar, named
# npq/<service>-service:<project version>, ready for `skopeo copy oci-archive:...` / `crane push` to your registry.
#
#   1. a base root filesystem assembled here, offline apart from Debian's packages: glibc, zlib, libgcc and libstdc++
#      from Debian (apt-get download, unpacked with dpkg-deb), and a Java runtime made with jlink from the JDK 21+ that
#      .mvn/wrapper/find-jdk.sh finds, in /opt/java; /etc/passwd names uid 185 (the Deployments' runAsUser);
#   2. Jib (jib-maven-plugin's buildTar goal, from Maven Central) builds FROM scratch, adding that root filesystem and the
#      service's target/quarkus-app as /work, entrypoint /opt/java/bin/java -jar /work/quarkus-run.jar, user 185.
#      Jib fixes every timestamp, so the same inputs give the same image digest.
# Needs the services built first: ./mvnw -B -DskipTests package -pl registration-service,... -am
#
#   deploy/kubernetes/images/build.sh [service...]     default: all four
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$top"
. .mvn/wrapper/find-jdk.sh          # JAVA_HOME: a JDK 21+
JIB_VERSION=3.5.2
work=$top/.local/images             # git-ignored (.local/)
base=$work/rootfs
services=("$@"); [ ${#services[@]} -gt 0 ] || services=(registration funding engagement assessment)
version=$(sed -n 's:^  <version>\([^<]*\)</version>.*:\1:p' pom.xml | head -1)

if [ ! -x "$base/opt/java/bin/java" ]; then
  echo "base root filesystem: Debian's libc6 zlib1g libgcc-s1 libstdc++6 and a jlinked runtime from $JAVA_HOME"
  rm -rf "$work/debs" "$base.new"; mkdir -p "$work/debs" "$base.new"
  (cd "$work/debs" && apt-get download libc6 zlib1g libgcc-s1 libstdc++6 2>/dev/null) ||
    { echo "error: apt-get download failed (run apt-get update once)" >&2; exit 1; }
  for d in "$work"/debs/*.deb; do dpkg-deb -x "$d" "$base.new"; done
  rm -rf "$base.new"/usr/share/{doc,man,info,lintian,locale}
  # the modules a Quarkus service on this platform uses (java.se plus what its libraries reach for reflectively)
  "$JAVA_HOME/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.naming.dns,jdk.management \
    --strip-debug --no-header-files --no-man-pages --output "$base.new/opt/java"
  mkdir -p "$base.new/etc" "$base.new/tmp"
  printf 'root:x:0:0::/:/sbin/nologin\nnpq:x:185:185::/work:/sbin/nologin\n' >"$base.new/etc/passwd"
  printf 'root:x:0:\nnpq:x:185:\n' >"$base.new/etc/group"
  mv "$base.new" "$base"
fi

for svc in "${services[@]}"; do
  app=$svc-service/target/quarkus-app
  [ -f "$app/quarkus-run.jar" ] || { echo "error: $app is missing: build the service first" >&2; exit 1; }
  stage=$work/stage-$svc
  rm -rf "$stage"; mkdir -p "$stage"
  cp -rL "$base/." "$stage/"           # symlinks resolved: Jib adds files, and absolute links would point outside
  mkdir -p "$stage/work"; cp -r "$app/." "$stage/work/"
  port=$(sed -n "s/^quarkus.http.port=\${NPQ_${svc^^}_PORT:\([0-9]*\)}.*/\1/p" "$svc-service/src/main/resources/application.properties")
  # permissions: Jib takes 3 octal digits, so /tmp gets no sticky bit (the Deployments mount an emptyDir there anyway)
  echo "$svc-service: npq/$svc-service:$version (port $port) -> $svc-service/target/jib-image.tar"
  flock /tmp/npq-maven.lock ./mvnw -o -B -q -pl "$svc-service" "com.google.cloud.tools:jib-maven-plugin:$JIB_VERSION:buildTar" \
    -Djib.from.image=scratch -Djib.to.image="npq/$svc-service:$version" \
    -Djib.extraDirectories.paths="$stage" \
    -Djib.extraDirectories.permissions='/opt/java/bin/*=755,/opt/java/lib/jspawnhelper=755,/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2=755,/lib64/ld-linux-x86-64.so.2=755,/tmp=777' \
    -Djib.container.entrypoint=/opt/java/bin/java,-jar,/work/quarkus-run.jar -Djib.container.workingDirectory=/work \
    -Djib.container.user=185:185 -Djib.container.ports="$port" -Djib.container.environment=NPQ_HTTP_HOST=0.0.0.0 \
    -Djib.outputPaths.tar="target/jib-image.tar" -Djib.allowInsecureRegistries=false
done
