# bin/bench failover: VRRP failover times of a Fulcrum pair and of a keepalived 2.2.7 pair, same lab, same
# configurations, runs interleaved (Fulcrum first in odd runs, keepalived first in even ones).
#
# The lab (root only; nothing touches the host's namespace): a bridge in namespace PREFIX-br and three namespaces
# on it, d1 (10.81.0.1), d2 (10.81.0.2) and client (10.81.0.10), each with eth0 (PREFIX = fbf<pid>). d1 and d2 run
# `fulcrum backend --listen 0.0.0.0:8080 --text d1|d2` for the whole benchmark, so whichever director holds the
# VIP 10.81.0.100 answers on VIP:8080 with its name. `tcpdump -tt -n -e -l -i eth0 'arp or ip proto 112'` (ARP
# and VRRP) runs in the client namespace for the whole benchmark.
#
# One run: d1 (state MASTER, priority 150) starts; once it logged its init state d2 (state BACKUP, priority 100)
# starts; the run waits until d1 holds the VIP (and d2 does not), d2 logged BACKUP, the client gets "d1" from
# VIP:8080 and the client's neighbour entry for the VIP names d1's MAC; then 2 advert intervals plus a random
# 0-1 advert interval (so the event falls at a random phase of d1's advert timer); then the event at t0:
#   kill: d1's eth0 is taken down (t0 right after `ip link set eth0 down` returns), then d1's daemon is SIGKILLed
#         (keepalived: its VRRP child and the parent). The link going down first models a dead machine exactly:
#         nothing the dying processes still do (keepalived's child may outlive its parent for a moment) reaches
#         the network, the VIP left on d1 cannot answer, and the client's entry still names d1's MAC.
#   term: d1's daemon gets SIGTERM (keepalived: the parent) at t0; both resign with a priority-0 advert.
# Measured from t0: the first gratuitous ARP for the VIP from d2's MAC in the client's capture (kernel timestamp),
# and the first TCP connect to VIP:8080 that completes and gets the page "d2" (a new connect attempt every 20 ms,
# each left running, so a SYN sent to the dead MAC does not hide a later success; the time is taken when connect()
# returns). Also from the capture, to take the random phase of the advert timer out: d1's last advert before a kill
# (or its priority-0 advert after SIGTERM), and the time from that advert to d2's first GARP, which keepalived's
# timers make Master_Down_Interval (3 x advert_int + skew) after a kill and Skew_Time after a priority 0 advert,
# plus whatever the daemons add. After the run both daemons are killed, d1's eth0 goes up, the VIP is removed from both, and the
# client's neighbour entry for the VIP is flushed.
#
# Scenarios: v2-kill (VRRPv2, advert_int 1, kill), v3-kill (version 3, advert_int 0.1, kill), v2-term (VRRPv2,
# advert_int 1, SIGTERM). Tunables: RUNS (20 per scenario and implementation), SCENARIOS (all three, space-
# separated). Files (per-run daemon logs, the capture, per-run results): target/bench/failover.

FO_VIP=10.81.0.100
FO_PORT=8080

bench_failover() {
  if [ "$(id -u)" -ne 0 ]; then
    fulcrum_say "bin/bench failover needs root: it creates network namespaces and runs VRRP daemons in them"
    exit 2
  fi
  fulcrum_ensure_packages keepalived tcpdump iproute2 curl
  fulcrum_find_jdk
  fulcrum_build_if_stale
  local runs=${RUNS:-20} scenarios=${SCENARIOS:-v2-kill v3-kill v2-term}
  FO_DIR="$out/failover"
  rm -rf "$FO_DIR"
  mkdir -p "$FO_DIR"
  FO_PREFIX="fbf$$"
  FO_NS=()
  FO_PIDS=()
  trap bench_failover_cleanup EXIT
  fo_lab
  fo_probe_script > "$FO_DIR/probe.sh"
  FO_MAC1=$(fo_mac d1)
  FO_MAC2=$(fo_mac d2)

  machine
  echo "keepalived: $(keepalived --version 2>&1 | head -1)"
  echo "lab: namespaces $FO_PREFIX-{br,d1,d2,client}; VIP $FO_VIP; d1 $FO_MAC1 (master), d2 $FO_MAC2 (backup)"
  echo "runs: $runs per scenario and implementation, interleaved; scenarios: $scenarios"
  echo

  : > "$FO_DIR/results.txt"
  local sc r impl order
  for sc in $scenarios; do
    fo_configs "$sc"
    echo "== $sc: $(fo_describe "$sc") (load average $(cut -d' ' -f1-3 /proc/loadavg)) =="
    for r in $(seq 1 "$runs"); do
      if [ $((r % 2)) -eq 1 ]; then order="fulcrum keepalived"; else order="keepalived fulcrum"; fi
      for impl in $order; do
        # bash's "Killed" notices for the daemons killed at the event go to a file, not amid the figures
        fo_run "$sc" "$impl" "$r" 2>>"$FO_DIR/shell.err"
      done
    done
  done
  echo
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  fo_report "$FO_DIR/results.txt" "$scenarios"
  echo
  echo "(files: $FO_DIR)"
}

fo_describe() {
  case "$1" in
    v2-kill) echo "VRRPv2, advert_int 1, master dies (link down + SIGKILL); target: Fulcrum no slower than keepalived" ;;
    v3-kill) echo "VRRPv3, advert_int 0.1, master dies (link down + SIGKILL); target under 450 ms" ;;
    v2-term) echo "VRRPv2, advert_int 1, master stopped with SIGTERM (priority 0); target under 700 ms" ;;
  esac
}

# the bridge namespace and the three hosts
fo_lab() {
  local br="$FO_PREFIX-br" i=0 h cidr
  ip netns add "$br"
  FO_NS+=("$br")
  ip -n "$br" link set lo up
  ip -n "$br" link add br0 type bridge stp_state 0
  ip -n "$br" link set br0 up
  for h in d1:10.81.0.1/24 d2:10.81.0.2/24 client:10.81.0.10/24; do
    i=$((i + 1))
    cidr=${h#*:}
    h="$FO_PREFIX-${h%%:*}"
    FO_NS+=("$h")
    fulcrum_bench_bridge_host "$br" "$h" "$cidr" "$i"
  done
  # the TCP service on each director, on every address (so on the VIP when it holds it)
  for h in d1 d2; do
    ip netns exec "$FO_PREFIX-$h" "$JAVA_HOME/bin/java" -jar "$FULCRUM_JAR" backend --listen "0.0.0.0:$FO_PORT" \
      --text "$h" > "$FO_DIR/backend-$h.log" 2>&1 &
    FO_PIDS+=($!)
  done
  ip netns exec "$FO_PREFIX-client" tcpdump -tt -n -e -l -i eth0 'arp or ip proto 112' > "$FO_DIR/arp.txt" 2> "$FO_DIR/tcpdump.err" &
  FO_PIDS+=($!)
  for i in $(seq 1 100); do
    grep -q 'listening on' "$FO_DIR/tcpdump.err" && grep -q 'listening on' "$FO_DIR/backend-d1.log" &&
      grep -q 'listening on' "$FO_DIR/backend-d2.log" && return 0
    sleep 0.1
  done
  fulcrum_say "the lab's backends or tcpdump did not start (see $FO_DIR)"
  exit 1
}

fo_mac() {
  ip -n "$FO_PREFIX-$1" -o link show eth0 | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2
}

# The client's connect loop, run inside the client namespace: probe.sh VIP PORT NAME DEADLINE_S OUT. Starts a
# connect every 20 ms, each in a subshell of its own left running; the first one that connects and gets the page
# NAME writes the time connect() returned to OUT. Ends at the first success or the deadline.
fo_probe_script() {
  cat <<'EOF'
vip=$1 port=$2 name=$3 deadline=$4 out=$5
: > "$out"
end=$(( ${EPOCHREALTIME/./} + deadline * 1000000 ))
while [ ! -s "$out" ] && [ "${EPOCHREALTIME/./}" -lt "$end" ]; do
  (
    exec 3<>"/dev/tcp/$vip/$port" || exit 1
    t=$EPOCHREALTIME
    printf 'GET / HTTP/1.0\r\n\r\n' >&3
    while IFS= read -r -t 2 -u 3 line; do
      if [ "${line%$'\r'}" = "$name" ]; then echo "$t" >> "$out"; exit 0; fi
    done
    exit 1
  ) 2>/dev/null &
  sleep 0.02
done
jobs -p | xargs -r kill 2>/dev/null
wait 2>/dev/null
exit 0
EOF
}

# writes d1.conf and d2.conf for a scenario; sets FO_ADV (advert_int, s), FO_EVENT (kill|term), FO_DEADLINE (s)
fo_configs() {
  local version=2 adv=1 extra=""
  case "$1" in
    v2-kill) FO_EVENT=kill ;;
    v3-kill) FO_EVENT=kill; version=3; adv=0.1; extra="    version 3"$'\n' ;;
    v2-term) FO_EVENT=term ;;
    *) fulcrum_say "unknown scenario $1 (v2-kill, v3-kill, v2-term)"; exit 2 ;;
  esac
  FO_ADV=$adv
  FO_DEADLINE=$([ "$version" = 3 ] && echo 5 || echo 10)
  local h state prio
  for h in d1:MASTER:150 d2:BACKUP:100; do
    IFS=: read -r h state prio <<<"$h"
    cat > "$FO_DIR/$1-$h.conf" <<EOF
global_defs {
    router_id $h
}
vrrp_instance VI_1 {
    state $state
    interface eth0
    virtual_router_id 51
    priority $prio
    advert_int $adv
${extra}    virtual_ipaddress {
        $FO_VIP/24
    }
}
EOF
  done
}

# starts IMPL on director H with the scenario's config; sets FO_PID (the process we signal) and logs to FO_LOG_<H>
fo_start() {
  local impl=$1 h=$2 conf=$3 log=$4 base=$5
  if [ "$impl" = fulcrum ]; then
    ip netns exec "$FO_PREFIX-$h" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$FULCRUM_JAR" \
      run -f "$conf" --socket "$base.sock" --log-detail > "$log" 2>&1 &
  else
    ip netns exec "$FO_PREFIX-$h" keepalived --vrrp --dont-fork --log-console --log-detail --no-syslog \
      --use-file="$conf" --pid="$base.pid" --vrrp_pid="$base-vrrp.pid" --checkers_pid="$base-check.pid" \
      > "$log" 2>&1 &
  fi
  FO_PID=$!
  FO_PIDS+=("$FO_PID")
}

# (no `ip | grep -q`: under pipefail, grep quitting early can fail the pipeline with ip's SIGPIPE)
fo_has_vip() {
  [[ $(ip -n "$FO_PREFIX-$1" -o addr show dev eth0) == *" $FO_VIP/"* ]]
}

# waits up to $2 s for the file $1 to contain the text $3
fo_wait_log() {
  local i
  for i in $(seq 1 $(($2 * 20))); do
    grep -qF -- "$3" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}

# One run of scenario SC for IMPL: appends "SC IMPL RUN GARP_MS CONNECT_MS D1_MS TAKEOVER_MS D2ADV_MS T0" (NA when
# not seen) to results.txt. D1_MS: kill: how long before t0 d1's last advert was seen; term: when d1's priority-0
# advert was seen after t0. TAKEOVER_MS: from that advert to d2's first GARP. D2ADV_MS: d2's first advert after t0
# (both implementations send it before adding the VIP and sending the GARPs).
fo_run() {
  local sc=$1 impl=$2 r=$3
  local tag="$sc-r$r-$impl"
  local log1="$FO_DIR/$tag-d1.log" log2="$FO_DIR/$tag-d2.log"
  local base1="$FO_DIR/run-d1" base2="$FO_DIR/run-d2"
  rm -f "$base1".* "$base1"-* "$base2".* "$base2"-*
  local p1 p2 k1="" k2="" ok=1 why=""
  fo_start "$impl" d1 "$FO_DIR/$sc-d1.conf" "$log1" "$base1"; p1=$FO_PID
  fo_wait_log "$log1" 20 "(VI_1) Entering" || { ok=0; why="d1 did not start"; }
  fo_start "$impl" d2 "$FO_DIR/$sc-d2.conf" "$log2" "$base2"; p2=$FO_PID
  if [ $ok = 1 ]; then
    fo_wait_log "$log1" 20 "(VI_1) Entering MASTER STATE" || { ok=0; why="d1 did not become MASTER"; }
  fi
  if [ $ok = 1 ]; then
    fo_wait_log "$log2" 20 "(VI_1) Entering BACKUP STATE" || { ok=0; why="d2 did not log BACKUP"; }
  fi
  local i j
  if [ $ok = 1 ]; then
    ok=0; why="d1 does not hold the VIP alone"
    for i in $(seq 1 100); do
      if fo_has_vip d1 && ! fo_has_vip d2; then ok=1; break; fi
      sleep 0.05
    done
  fi
  if [ $ok = 1 ]; then
    ip netns exec "$FO_PREFIX-client" bash "$FO_DIR/probe.sh" "$FO_VIP" "$FO_PORT" d1 5 "$FO_DIR/ready.txt"
    if [ ! -s "$FO_DIR/ready.txt" ]; then ok=0; why="the client does not reach d1 on the VIP"
    elif [[ $(ip -n "$FO_PREFIX-client" neigh show "$FO_VIP") != *"$FO_MAC1"* ]]; then
      ok=0; why="the client's neighbour entry does not name d1"
    fi
  fi
  if [ "$impl" = keepalived ] && [ $ok = 1 ]; then
    k1=$(cat "$base1-vrrp.pid" 2>/dev/null || true)
    k2=$(cat "$base2-vrrp.pid" 2>/dev/null || true)
    [ -n "$k1" ] || { ok=0; why="no VRRP child pid for d1"; }
  fi
  local garp="NA" conn="NA" d1adv="NA" takeover="NA" d2adv="NA" t0="NA"
  if [ $ok = 1 ]; then
    # two advert intervals (d2 hears d1), then a random phase of d1's advert timer
    sleep "$(awk -v a="$FO_ADV" -v r="$RANDOM" 'BEGIN {printf "%.3f", a * (2 + r / 32768)}')"
    if ! fo_has_vip d1 || fo_has_vip d2 || ! kill -0 "$p1" 2>/dev/null || ! kill -0 "$p2" 2>/dev/null; then
      ok=0; why="the pair changed before the event"
    fi
  fi
  if [ $ok = 1 ]; then
    if [ "$FO_EVENT" = kill ]; then
      ip -n "$FO_PREFIX-d1" link set eth0 down
      t0=$EPOCHREALTIME
      kill -9 $k1 "$p1" 2>/dev/null || true
    else
      t0=$EPOCHREALTIME
      kill -TERM "$p1"
    fi
    ip netns exec "$FO_PREFIX-client" bash "$FO_DIR/probe.sh" "$FO_VIP" "$FO_PORT" d2 "$FO_DEADLINE" \
      "$FO_DIR/connect.txt" 2>/dev/null || true
    sleep 0.2 # tcpdump's line for a GARP sent after the connect
    if [ -s "$FO_DIR/connect.txt" ]; then
      conn=$(sort -n "$FO_DIR/connect.txt" | head -1 | awk -v t0="$t0" '{printf "%.1f", ($1 - t0) * 1000}')
    fi
    garp=$(awk -v t0="$t0" -v mac="$FO_MAC2" -v vip="$FO_VIP" '
      $1 + 0 > t0 + 0 && $2 == mac && (index($0, "tell " vip ",") || index($0, "Reply " vip " is-at")) {
        printf "%.1f", ($1 - t0) * 1000; found = 1; exit }
      END { if (!found) print "NA" }' "$FO_DIR/arp.txt")
    d2adv=$(awk -v t0="$t0" -v mac="$FO_MAC2" '
      $1 + 0 > t0 + 0 && $2 == mac && / VRRPv[23], Advertisement/ { printf "%.1f", ($1 - t0) * 1000; found = 1; exit }
      END { if (!found) print "NA" }' "$FO_DIR/arp.txt")
    # d1's reference advert: its last one before a kill, its priority-0 one after a SIGTERM
    local adv
    adv=$(awk -v t0="$t0" -v mac="$FO_MAC1" -v ev="$FO_EVENT" '
      $2 == mac && / VRRPv[23], Advertisement/ {
        if (ev == "kill" && $1 + 0 <= t0 + 0) last = $1
        if (ev == "term" && $1 + 0 > t0 + 0 && / prio 0,/) { last = $1; exit } }
      END { print (last == "" ? "NA" : last) }' "$FO_DIR/arp.txt")
    if [ "$adv" != NA ]; then
      d1adv=$(awk -v a="$adv" -v t0="$t0" 'BEGIN {printf "%.1f", (a > t0 ? a - t0 : t0 - a) * 1000}')
      [ "$garp" != NA ] && takeover=$(awk -v a="$adv" -v t0="$t0" -v g="$garp" \
        'BEGIN {printf "%.1f", g - (a - t0) * 1000}')
    fi
  fi
  echo "$sc $impl $r $garp $conn $d1adv $takeover $d2adv $t0" >> "$FO_DIR/results.txt"
  if [ $ok = 1 ]; then
    printf '  run %2d %-10s  first GARP %7s ms  first connect %7s ms  d1 advert %s %6s ms  takeover %7s ms\n' \
      "$r" "$impl" "$garp" "$conn" "$([ "$FO_EVENT" = kill ] && echo before || echo after)" "$d1adv" "$takeover"
  else
    printf '  run %2d %-10s  FAILED: %s (logs %s-d1.log, -d2.log)\n' "$r" "$impl" "$why" "$FO_DIR/$tag"
  fi
  # stop both; a SIGTERMed d1 gets 5 s to finish its own shutdown
  if [ "$FO_EVENT" = term ] && [ $ok = 1 ]; then
    for i in $(seq 1 100); do kill -0 "$p1" 2>/dev/null || break; sleep 0.05; done
  fi
  [ -z "$k1" ] && k1=$(cat "$base1-vrrp.pid" 2>/dev/null || true)
  [ -z "$k2" ] && k2=$(cat "$base2-vrrp.pid" 2>/dev/null || true)
  # (grouped so that bash's "Killed" notices go to /dev/null too)
  { kill -9 $k1 $k2 "$p1" "$p2"; wait "$p1" "$p2"; } 2>/dev/null || true
  for i in $k1 $k2; do
    for j in $(seq 1 100); do kill -0 "$i" 2>/dev/null || break; sleep 0.05; done
  done
  FO_PIDS=("${FO_PIDS[@]:0:3}")
  ip -n "$FO_PREFIX-d1" link set eth0 up
  for i in d1 d2; do
    ip -n "$FO_PREFIX-$i" addr del "$FO_VIP/24" dev eth0 2>/dev/null || true
  done
  ip -n "$FO_PREFIX-client" neigh flush "$FO_VIP" 2>/dev/null || true
}

# per scenario and implementation: median, p90 (nearest rank), min, max of the times; ratios of the medians
fo_report() {
  local file=$1 scenarios=$2 sc impl
  echo "== results: ms from the event (t0); median / p90 / min / max over the runs that saw it =="
  echo
  echo "| scenario | implementation | runs | first GARP: median | p90 | min | max | first connect: median | p90 | min | max |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  for sc in $scenarios; do
    for impl in fulcrum keepalived; do
      printf '| %s | %s | %s | %s | %s |\n' "$sc" "$impl" "$(fo_count "$file" "$sc" "$impl")" \
        "$(fo_stats "$file" "$sc" "$impl" 4)" "$(fo_stats "$file" "$sc" "$impl" 5)"
    done
  done
  echo
  echo "ratio Fulcrum/keepalived of the medians:"
  for sc in $scenarios; do
    printf '  %-8s first GARP %s, first connect %s\n' "$sc" "$(fo_ratio "$file" "$sc" 4)" "$(fo_ratio "$file" "$sc" 5)"
  done
  echo
  echo "== the takeover without the advert timer's phase: from d1's last advert before the kill (v*-kill; expected"
  echo "   Master_Down_Interval: v2 3609 ms, v3 361 ms) or from d1's priority-0 advert (v2-term; expected Skew_Time"
  echo "   609 ms) to d2's first GARP, as the client captured them; and d1's advert: how long before the kill its last"
  echo "   advert went out, or how long after the SIGTERM its priority-0 advert did. The advert to GARP time is split at
   d2's first advert as MASTER: the timer part (d1's advert to d2's advert) and the transition's work (d2's
   advert, then the VIP, then the GARP) =="
  echo
  echo "| scenario | implementation | d1 advert: median | min | max | advert to GARP: median | p90 | min | max | timer part: median | max | d2 advert to GARP: median | max |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  # derived columns: 10 = d1's advert to d2's first advert (the timer), 11 = d2's advert to its GARP (the work)
  awk '{ t = "NA"; w = "NA"
         if ($6 != "NA" && $8 != "NA") t = ($1 ~ /term/ ? $8 - $6 : $8 + $6)
         if ($8 != "NA" && $4 != "NA") w = $4 - $8
         print $0, t, w }' "$file" > "$file.derived"
  for sc in $scenarios; do
    for impl in fulcrum keepalived; do
      printf '| %s | %s | %s | %s | %s | %s |\n' "$sc" "$impl" \
        "$(fo_stats "$file" "$sc" "$impl" 6 | awk -F' [|] ' '{print $1 " | " $3 " | " $4}')" \
        "$(fo_stats "$file" "$sc" "$impl" 7)" \
        "$(fo_stats "$file.derived" "$sc" "$impl" 10 | awk -F' [|] ' '{print $1 " | " $4}')" \
        "$(fo_stats "$file.derived" "$sc" "$impl" 11 | awk -F' [|] ' '{print $1 " | " $4}')"
    done
  done
  echo
  echo "ratio Fulcrum/keepalived of the medians, advert to GARP:"
  for sc in $scenarios; do
    printf '  %-8s %s\n' "$sc" "$(fo_ratio "$file" "$sc" 7)"
  done
}

fo_count() {
  awk -v sc="$2" -v impl="$3" '$1 == sc && $2 == impl { n++; if ($4 != "NA" && $5 != "NA") ok++ }
    END { print (ok == n ? n + 0 : n " (" ok + 0 " complete)") }' "$1"
}

# "median | p90 | min | max" of column COL for a scenario and implementation
fo_stats() {
  awk -v sc="$2" -v impl="$3" -v col="$4" '
    $1 == sc && $2 == impl && $col != "NA" && $col != "" { a[++n] = $col + 0 }
    END {
      if (n == 0) { print "- | - | - | -"; exit }
      for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      med = n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
      printf "%.0f | %.0f | %.0f | %.0f\n", med, a[int(0.9 * n + 0.999999)], a[1], a[n] }' "$1"
}

fo_ratio() {
  local f k
  f=$(fo_stats "$1" "$2" fulcrum "$3" | cut -d' ' -f1)
  k=$(fo_stats "$1" "$2" keepalived "$3" | cut -d' ' -f1)
  awk -v f="$f" -v k="$k" 'BEGIN { if (f == "-" || k == "-" || k == 0) print "-"; else printf "%.2f\n", f / k }'
}

bench_failover_cleanup() {
  local pid ns
  { for pid in "${FO_PIDS[@]}"; do kill -9 "$pid"; wait "$pid"; done; } 2>/dev/null || true
  # anything else still running in our namespaces (keepalived's children, connect subshells)
  for ns in "${FO_NS[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
  done
  sleep 0.2
  for ((i = ${#FO_NS[@]} - 1; i >= 0; i--)); do ip netns del "${FO_NS[$i]}" 2>/dev/null || true; done
}
