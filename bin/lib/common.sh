# Shared helpers for Fulcrum's scripts (sourced, not executed).
# FULCRUM_HOME: the checkout's root directory.
FULCRUM_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export FULCRUM_HOME

fulcrum_say() { printf 'fulcrum: %s\n' "$*" >&2; }

# Prints the feature version (e.g. 25) of the JDK at $1, or nothing.
fulcrum_jdk_version() {
  local home=$1 v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  if [ -r "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
        sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
  fi
  [ -n "$v" ] && printf '%s\n' "$v"
}

# Sets JAVA_HOME to a JDK >= 25: JAVA_HOME first, then /usr/lib/jvm/* (newest first; FULCRUM_JVM_DIR replaces
# /usr/lib/jvm, for tests).
fulcrum_find_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in $(ls -d ${FULCRUM_JVM_DIR:-/usr/lib/jvm}/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  for c in "${candidates[@]}"; do
    v=$(fulcrum_jdk_version "$c" 2>/dev/null) || continue
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then
      export JAVA_HOME=$c
      return 0
    fi
  done
  cat >&2 <<'MSG'
fulcrum: no JDK 25 or newer found (looked at $JAVA_HOME, then /usr/lib/jvm/*).
fulcrum: Fulcrum needs a full JDK (java and javac), version 25 or newer. Install one, for example
fulcrum:   Eclipse Temurin 25 from https://adoptium.net/ (Debian/Ubuntu: the apt repository at
fulcrum:   https://packages.adoptium.net/artifactory/deb, package temurin-25-jdk), or
fulcrum:   openjdk-25-jdk where your distribution ships it,
fulcrum: then run this command again, or point JAVA_HOME at it.
MSG
  return 1
}

# Installs Debian packages that are missing (root only). Returns 1 when some are missing and we are not root.
fulcrum_ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    fulcrum_say "missing Debian packages: ${missing[*]} (run as root to have them installed, or: apt-get install ${missing[*]})"
    return 1
  fi
  fulcrum_say "installing Debian packages: ${missing[*]}"
  # Servers the tests use as peers (nginx, dnsmasq, opensmtpd, ...) must not start on the host when installed:
  # the tests start them inside their own network namespaces. A policy-rc.d answering 101 tells the packages'
  # scripts not to start services; one is put in place for the installation when the machine has none.
  local policy=/usr/sbin/policy-rc.d own_policy=0 rc=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# placed by Fulcrum for a package installation\nexit 101\n' >"$policy" && chmod 755 "$policy" && own_policy=1
  fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; then
    { DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; } || rc=$?
  fi
  [ $own_policy -eq 1 ] && rm -f "$policy"
  return $rc
}

fulcrum_mvn() {
  command -v mvn >/dev/null 2>&1 || fulcrum_ensure_packages maven || {
    fulcrum_say "Apache Maven is needed to build Fulcrum: apt-get install maven"; return 1; }
  MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -q -Dstyle.color=never -f "$FULCRUM_HOME/pom.xml" "$@"
}

FULCRUM_JAR="$FULCRUM_HOME/target/fulcrum.jar"

# Builds target/fulcrum.jar when it is missing or older than the sources.
fulcrum_build_if_stale() {
  local stale=""
  if [ ! -f "$FULCRUM_JAR" ]; then
    stale="it does not exist"
  elif [ -n "$(find "$FULCRUM_HOME/src/main" "$FULCRUM_HOME/pom.xml" -newer "$FULCRUM_JAR" -print -quit 2>/dev/null)" ]; then
    stale="the sources changed"
  fi
  [ -z "$stale" ] && return 0
  mkdir -p "$FULCRUM_HOME/target"
  (
    flock 9
    # another process may have built it while we waited
    if [ -f "$FULCRUM_JAR" ] && [ -z "$(find "$FULCRUM_HOME/src/main" "$FULCRUM_HOME/pom.xml" -newer "$FULCRUM_JAR" -print -quit)" ]; then
      exit 0
    fi
    fulcrum_say "building target/fulcrum.jar ($stale) ..."
    # Maven prints bare colour resets even with -q; keep the terminal clean
    fulcrum_mvn -DskipTests -Dmaven.test.skip=true package 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
  ) 9>"$FULCRUM_HOME/target/.build.lock"
}

# For benchmarks, as root: a network namespace of their own (loopback up) named $1. Sets the caller's ns (the
# name, empty when not root) and run (the command prefix that runs a program in it, empty when not root).
fulcrum_bench_netns() {
  ns="" run=()
  if [ "$(id -u)" -eq 0 ]; then
    ns="$1"
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    run=(ip netns exec "$ns")
  fi
}

# For benchmark labs, as root: host namespace $2 (loopback up) on bridge br0 of namespace $1, through veth port
# p$4 there and eth0 in $2, with address $3 (CIDR) on it.
fulcrum_bench_bridge_host() {
  local br="$1" name="$2" cidr="$3" port="p$4"
  ip netns add "$name"
  ip -n "$name" link set lo up
  ip -n "$br" link add "$port" type veth peer name eth0 netns "$name"
  ip -n "$br" link set "$port" master br0 up
  ip -n "$name" addr add "$cidr" dev eth0
  ip -n "$name" link set eth0 up
}

# Raises the soft open-file limit to the hard one; sets the caller's limit to the result (a number).
fulcrum_raise_nofile() {
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  limit=$(ulimit -n)
  if [ "$limit" = unlimited ]; then limit=1048576; fi
}
