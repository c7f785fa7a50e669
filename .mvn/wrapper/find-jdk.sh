# Sourced by ./mvnw and deploy/local/*.sh: sets JAVA_HOME to a JDK of at least $NPQ_MIN_JDK (21),
# looking at $JAVA_HOME, the java on PATH, then /usr/lib/jvm/* and /opt/*; newest wins.
# Stops with a clear message when none is found.
NPQ_MIN_JDK=${NPQ_MIN_JDK:-21}
npq_jdk_major() { # $1 = a JDK home; prints its major version or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -1
}
npq_find_jdk() {
  local best="" best_v=0 c v
  local candidates=("${JAVA_HOME:-}")
  if command -v java >/dev/null 2>&1; then candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"); fi
  for c in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do [ -d "$c" ] && candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    [ -n "$c" ] || continue
    v=$(npq_jdk_major "$c"); [ -n "$v" ] || continue
    if [ "$v" -ge "$NPQ_MIN_JDK" ] && [ "$v" -gt "$best_v" ]; then best=$c; best_v=$v; fi
  done
  if [ -z "$best" ]; then
    echo "error: the NPQ platform needs a JDK $NPQ_MIN_JDK or newer and none was found" >&2
    echo "       (looked at JAVA_HOME, the java on PATH, /usr/lib/jvm/* and /opt)." >&2
    echo "       Install one, e.g. 'apt-get install openjdk-21-jdk-headless' or a Temurin 21/25 JDK, then retry." >&2
    return 1
  fi
  export JAVA_HOME=$best
}
npq_find_jdk || exit 1
