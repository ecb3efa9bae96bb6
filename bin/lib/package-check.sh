#!/usr/bin/env bash
# Checks bin/package without installing anything: builds the .deb from an already-built jar (default
# target/fulcrum.jar) into a temporary directory and inspects it with dpkg-deb: control fields, conffiles,
# maintainer scripts, every installed path with its mode, the unit file (systemd-analyze verify), the launcher
# (finds a JDK 25, refuses without one, runs the jar), and lintian when it is installed. Prints one line per
# check; exits 1 at the first failure.
#   bin/lib/package-check.sh [JAR]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$FULCRUM_HOME"

jar=${1:-$FULCRUM_JAR}
[ -f "$jar" ] || { fulcrum_say "package-check: no jar at $jar (build it first: mvn package, or bin/fulcrum version)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)
ok() { printf 'package-check: ok    %s\n' "$*"; }
fail() { printf 'package-check: FAIL  %s\n' "$*" >&2; exit 1; }

bin/package --jar "$jar" --out "$tmp/out" 2>/dev/null || fail "bin/package --jar $jar failed"
debs=("$tmp"/out/*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "bin/package should write one .deb, wrote: ${debs[*]}"
deb=${debs[0]}
pom_version=$(sed -n '0,/<version>/s/.*<version>\(.*\)<\/version>.*/\1/p' pom.xml | head -1)
version=$(printf '%s' "$pom_version" | tr '-' '~')
[ "$(basename "$deb")" = "fulcrum_${version}_amd64.deb" ] || fail "file name $(basename "$deb"), expected fulcrum_${version}_amd64.deb"
ok "built $(basename "$deb")"

field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = fulcrum ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version), expected $version"
[ "$(field Architecture)" = amd64 ] || fail "Architecture: $(field Architecture)"
case "$(field Recommends)" in
  *temurin-25-jre*openjdk-25-jre-headless*nftables*) ;;
  *) fail "Recommends should offer a Java 25 runtime and nftables: $(field Recommends)" ;;
esac
[ -z "$(field Depends)" ] || fail "Depends should be empty (no Java 25 in Debian 12), is: $(field Depends)"
size=$(field Installed-Size)
[ "$size" -gt $(( $(stat -c %s "$jar") / 1024 )) ] || fail "Installed-Size $size kB is smaller than the jar"
ok "control: fulcrum $version amd64, Recommends $(field Recommends), Installed-Size $size kB"

dpkg-deb --control "$deb" "$tmp/control"
[ "$(cat "$tmp/control/conffiles")" = /etc/default/fulcrum ] || fail "conffiles: $(cat "$tmp/control/conffiles")"
for s in postinst prerm postrm; do
  [ -x "$tmp/control/$s" ] || fail "$s is missing or not executable"
  sh -n "$tmp/control/$s" || fail "$s: syntax error"
  grep -q 'deb-systemd-' "$tmp/control/$s" || fail "$s does not use deb-systemd-helper/-invoke"
  if grep -v '^[[:space:]]*#' "$tmp/control/$s" | grep 'systemctl' | grep -v 'daemon-reload' | grep -q .; then
    fail "$s calls systemctl for more than daemon-reload"
  fi
done
if grep -Eq 'deb-systemd-(helper|invoke) (enable|start)' "$tmp/control/postinst"; then
  fail "postinst must neither enable nor start the service"
fi
ok "conffiles /etc/default/fulcrum; postinst, prerm, postrm executable, valid sh, through deb-systemd-*"

dpkg-deb --contents "$deb" >"$tmp/contents"
expect() { # MODE PATH
  grep -Eq "^$1 root/root +[0-9]+ [0-9-]+ [0-9:]+ \./$2\$" "$tmp/contents" ||
    fail "expected $1 root/root ./$2 in the package; contents:
$(cat "$tmp/contents")"
}
expect -rwxr-xr-x usr/bin/fulcrum
expect -rwxr-xr-x usr/lib/fulcrum/fulcrum-run
expect -rw-r--r-- usr/lib/fulcrum/fulcrum.jar
expect -rw-r--r-- lib/systemd/system/fulcrum.service
expect -rw-r--r-- etc/default/fulcrum
expect drwxr-xr-x etc/fulcrum/
expect -rw-r--r-- usr/share/doc/fulcrum/copyright
expect -rw-r--r-- usr/share/doc/fulcrum/changelog.gz
expect -rw-r--r-- usr/share/doc/fulcrum/manual/index.md
expect -rw-r--r-- usr/share/doc/fulcrum/examples/keepalived.conf
expect -rw-r--r-- usr/share/man/man1/fulcrum.1.gz
expect -rw-r--r-- usr/share/lintian/overrides/fulcrum
if grep -v ' root/root ' "$tmp/contents" | grep -q .; then fail "files not owned by root/root"; fi
if grep -E '\./(etc/fulcrum/.|run/|var/)' "$tmp/contents" | grep -q .; then
  fail "the package must not ship a configuration, /run or /var content"
fi
ok "contents: $(grep -c . "$tmp/contents") entries, launcher, jar, unit, defaults, docs, man page, modes and owners"

x="$tmp/root"
dpkg-deb -x "$deb" "$x"
cmp -s "$jar" "$x/usr/lib/fulcrum/fulcrum.jar" || fail "the packaged jar differs from $jar"
unit="$x/lib/systemd/system/fulcrum.service"
for key in ExecStart ExecReload; do
  path=$(sed -n "s/^$key=\([^ ]*\).*/\1/p" "$unit")
  [ -n "$path" ] || fail "the unit has no $key"
  [ -x "$x$path" ] || [ -x "$path" ] || fail "$key=$path is neither in the package nor on the host"
done
grep -q '^RuntimeDirectory=fulcrum$' "$unit" || fail "the unit lacks RuntimeDirectory=fulcrum (/run/fulcrum/fulcrum.sock)"
grep -q '^ExecReload=/bin/kill -HUP \$MAINPID$' "$unit" || fail "the unit's ExecReload should send SIGHUP"
grep -q '^CapabilityBoundingSet=.*CAP_NET_ADMIN.*CAP_NET_RAW' "$unit" || fail "the unit's capability set lacks CAP_NET_ADMIN/CAP_NET_RAW"
doc=$(sed -n 's/^Documentation=file:\(.*\)/\1/p' "$unit")
[ -f "$x$doc" ] || fail "Documentation=file:$doc is not in the package"
sh -n "$x/usr/lib/fulcrum/fulcrum-run" || fail "fulcrum-run: syntax error"
if command -v systemd-analyze >/dev/null; then
  # verify on the host, with the package's programs where the unit names them
  sed "s#^ExecStart=/#ExecStart=$x/#" "$unit" >"$tmp/fulcrum.service"
  out=$(systemd-analyze verify "$tmp/fulcrum.service" 2>&1) || fail "systemd-analyze verify: $out"
  [ -z "$out" ] || fail "systemd-analyze verify complains: $out"
  ok "unit: systemd-analyze verify clean; ExecStart, ExecReload and Documentation exist"
else
  ok "unit: ExecStart, ExecReload and Documentation exist (systemd-analyze not installed: not verified)"
fi

fulcrum_find_jdk >/dev/null 2>&1 || fail "no JDK 25 on this host to run the packaged launcher with"
mkdir -p "$tmp/jvm-none" "$tmp/jvm-25"
ln -s "$JAVA_HOME" "$tmp/jvm-25/some-jdk-25"
launch() { env -u JAVA_HOME FULCRUM_LIB="$x/usr/lib/fulcrum" FULCRUM_JVM_DIR="$1" "$x/usr/bin/fulcrum" "${@:2}"; }
out=$(launch "$tmp/jvm-25" version 2>&1) || fail "the launcher with a JDK 25 under the JVM directory: $out"
case "$out" in "fulcrum $pom_version"*) ;; *) fail "'fulcrum version' printed: $out" ;; esac
if out=$(launch "$tmp/jvm-none" version 2>&1); then fail "the launcher ran without any Java 25: $out"; fi
case "$out" in *"no Java runtime 25 or newer"*temurin-25*) ;; *) fail "the launcher's message without Java 25: $out" ;; esac
for old in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
  if [ -x "$old/bin/java" ]; then
    mkdir -p "$tmp/jvm-old" && ln -sfn "$old" "$tmp/jvm-old/old"
    if out=$(launch "$tmp/jvm-old" version 2>&1); then fail "the launcher took $old: $out"; fi
  fi
done
out=$(launch "$tmp/jvm-25" check-config -f "$x/usr/share/doc/fulcrum/examples/keepalived.conf" 2>&1) ||
  fail "the packaged example configuration: $out"
ok "launcher: runs the jar on a JDK 25 from the JVM directory, refuses older or none (naming temurin-25), example config clean"

# As root: the unit's capability bounding set is enough for VRRP (raw socket, VIP through rtnetlink, GARP), the
# packet engine (AF_PACKET, the nft table) and a proxied service on a port below 1024, and without CAP_NET_RAW the
# daemon refuses to start; the same works as user nobody with the ambient capabilities of the unprivileged drop-in.
# The packaged launcher runs in a network namespace of this check's own, under setpriv (nothing of the host's
# network is touched; the namespace is removed afterwards).
setpriv_caps() { # KEY FILE: the capabilities of the file's last KEY= line, as setpriv's +cap,+cap list
  sed -n "s/^$1=//p" "$2" | tail -1 | tr 'A-Z' 'a-z' | sed 's/cap_//g' | tr ' ' '\n' | sed '/^$/d;s/^/+/' |
    paste -sd, -
}
caps_check() {
  local ns="fl-pkgcheck-$$" caps conf="$tmp/caps.conf" log="$tmp/caps.log" pid i served_uid=""
  caps=$(setpriv_caps CapabilityBoundingSet "$unit")
  [ -n "$caps" ] || fail "no CapabilityBoundingSet in the unit"
  ip netns add "$ns"
  trap 'kill "${pid:-0}" 2>/dev/null; ip netns del "$ns" 2>/dev/null; rm -rf "$tmp"' EXIT
  ip -n "$ns" link set lo up
  ip -n "$ns" link add veth0 type veth peer name veth1
  ip -n "$ns" addr add 10.99.0.1/24 dev veth0
  ip -n "$ns" link set veth0 up
  ip -n "$ns" link set veth1 up
  mkdir -m 1777 "$tmp/run"
  cat >"$conf" <<'CONF'
vrrp_instance VI_1 {
    state BACKUP
    interface veth0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        10.99.0.100/24 dev veth0
    }
}
virtual_server 10.99.0.100 80 {
    lvs_sched rr
    lvs_method DR
    protocol TCP
    real_server 10.99.0.20 80 {
        weight 1
    }
}
virtual_server 10.99.0.100 443 {
    lvs_sched rr
    lvs_method FNAT
    protocol TCP
    real_server 10.99.0.20 443 {
        weight 1
    }
}
CONF
  expect_serving() { # WHAT CAPS [SETPRIV-OPTIONS]: the daemon becomes MASTER, adds the VIP, installs the table, listens
    local i
    run_limited "${@:2}"
    for i in $(seq 1 60); do
      grep -q 'Entering MASTER STATE' "$log" && break
      kill -0 "$pid" 2>/dev/null || fail "as $1 the daemon stopped: $(cat "$log")"
      sleep 0.5
    done
    grep -q 'Entering MASTER STATE' "$log" || fail "as $1 the instance did not become MASTER: $(cat "$log")"
    served_uid=$(ps -o uid= -p "$pid" | tr -d ' ')
    ip -n "$ns" -br addr show dev veth0 | grep -q '10\.99\.0\.100/24' || fail "as $1 the VIP was not added: $(cat "$log")"
    ip netns exec "$ns" nft list table inet fulcrum >/dev/null 2>&1 || fail "as $1 no table inet fulcrum: $(cat "$log")"
    for i in $(seq 1 20); do
      ip netns exec "$ns" ss -Hltn 'sport = :443' | grep -Eq '10\.99\.0\.100\]?:443' && break
      sleep 0.5
    done
    ip netns exec "$ns" ss -Hltn 'sport = :443' | grep -Eq '10\.99\.0\.100\]?:443' ||
      fail "as $1 the proxy does not listen on 10.99.0.100:443: $(cat "$log")"
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
    for i in $(seq 1 20); do ip netns exec "$ns" nft list table inet fulcrum >/dev/null 2>&1 || break; sleep 0.5; done
    ip -n "$ns" addr del 10.99.0.100/24 dev veth0 2>/dev/null || true
  }
  run_limited() { # CAPS [SETPRIV-OPTIONS]: the daemon with that bounding set, in the namespace, in the background
    local opts=("${@:2}")
    [ ${#opts[@]} -gt 0 ] || opts=(--inh-caps=-all)
    ip netns exec "$ns" setpriv --bounding-set="-all,$1" "${opts[@]}" -- env -u JAVA_HOME \
      FULCRUM_LIB="$x/usr/lib/fulcrum" FULCRUM_JVM_DIR="$tmp/jvm-25" \
      "$x/usr/bin/fulcrum" run -f "$conf" --socket "$tmp/run/caps.sock" >"$log" 2>&1 &
    pid=$!
  }
  expect_serving "the unit's capabilities ($caps)" "$caps"
  ok "capabilities: with the unit's set ($caps) VRRP became MASTER, added the VIP, the packet engine installed inet fulcrum, the proxy listens on port 443"
  local ambient
  ambient=$(setpriv_caps AmbientCapabilities "$x/usr/share/doc/fulcrum/examples/unprivileged.conf")
  [ "$ambient" = "$(setpriv_caps CapabilityBoundingSet "$x/usr/share/doc/fulcrum/examples/unprivileged.conf")" ] ||
    fail "unprivileged.conf: AmbientCapabilities and CapabilityBoundingSet differ"
  chmod 755 "$tmp" && chmod 644 "$conf"
  expect_serving "user nobody with the ambient capabilities of unprivileged.conf ($ambient)" "$ambient" \
    --reuid=65534 --regid=65534 --clear-groups --inh-caps="$ambient" --ambient-caps="$ambient"
  [ "$served_uid" = 65534 ] || fail "the unprivileged run ran as uid $served_uid, not 65534"
  ok "capabilities: as user nobody (uid $served_uid) with unprivileged.conf's ambient set ($ambient) the same works"
  run_limited "$(printf '%s' "$caps" | sed 's/+net_raw,\{0,1\}//; s/,$//')"
  for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then fail "without CAP_NET_RAW the daemon kept running: $(cat "$log")"; fi
  grep -q 'CAP_NET_RAW' "$log" || fail "without CAP_NET_RAW the daemon did not say why it stopped: $(cat "$log")"
  ok "capabilities: without CAP_NET_RAW the daemon refuses to start and names CAP_NET_RAW"
  ip netns del "$ns"
  trap 'rm -rf "$tmp"' EXIT
}
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && command -v nft >/dev/null; then
  caps_check
else
  ok "capabilities: skipped (needs root, setpriv and nft)"
fi

if command -v lintian >/dev/null; then
  out=$(lintian "$deb" 2>&1 | grep -E '^[EW]: ' || true)
  [ -z "$out" ] || fail "lintian: $out"
  ok "lintian: no errors or warnings"
else
  ok "lintian not installed: skipped (apt-get install lintian)"
fi
fulcrum_say "package-check: all checks passed in $(( $(date +%s) - start )) s"
