# bin/bench packet: the packet engine forwarding DR traffic (small UDP packets and TCP requests) against an in-kernel
# baseline doing the same MAC rewrite (an nftables netdev ingress rule), on the same lab, in interleaved rounds.
# Sourced by bin/bench (uses its machine, test_classpath and $out). Root only: nothing touches the host's namespace.
#
# The lab: a bridge in namespace PREFIX-br (netfilter off on it: bridge-nf-call-*=0) and three namespaces on it,
# each with eth0 (PREFIX = fbp<pid>):
#   gen  10.9.0.1   the client: trafgen (netsniff-ng) for the flood, UdpPingPong rtt for round trips, wrk for TCP
#   dir  10.9.0.2   the director, VIP 10.9.0.100/32 on its eth0
#   sink 10.9.0.3   the real server: the VIP on lo (arp_ignore 1, arp_announce 2 on lo and all), an nftables
#                   netdev ingress rule counting and dropping the flood (UDP to VIP:9) before its IP stack, the UDP
#                   echo (UdpPingPong echo) on VIP:7 and 10.9.0.3:7, nginx (a 612-byte page) on port 80
# Services, all DR to the sink: UDP VIP:9 (the flood), UDP VIP:7 (round trips), TCP VIP:80 (wrk).
#
# Targets, one slot each per round, in an order rotated every round:
#   fulcrum-1w  fulcrum run --packet-workers 1 in dir (the figure per worker core)
#   fulcrum-2w  fulcrum run --packet-workers 2 (two rings in a fanout group; left out with WORKERS2=0)
#   nft         no Fulcrum: a netdev ingress chain on dir's eth0 that, for the same VIP:ports, sets the source MAC
#               to dir's and the destination MAC to the sink's and forwards out of eth0 (`fwd to eth0`): DR's MAC
#               rewrite done by the kernel, before its IP stack
#   direct      no forwarding: round trips and wrk to the sink's own address; the flood is dropped by a netdev
#               ingress rule on dir's eth0 (the reference: what generating and delivering a frame to the director
#               costs, subtracted from the targets' CPU per packet)
# In each slot: the target is set up (Fulcrum started and waited for: a round trip through the VIP), a flood of
# WARMUP s (not recorded: the JIT compiles the engine's paths), DURATION s recorded, the flood stopped; REQUESTS
# sequential UDP round trips through the VIP and as many straight to the sink's address, alternating (the
# difference is what the target adds); wrk -t1 -cCONNS for TCP_DURATION s (after 2 s unrecorded) to http://VIP/
# (direct: the sink's address). Then the target is torn down.
#
# The flood: trafgen, one thread (trafgen pins it to CPU 0), 60-byte frames (64 on a wire with the FCS): Ethernet
# to dir's MAC, IPv4 10.9.0.1 -> VIP, UDP from ports 1024-2047 in turn (1,024 flows, so two workers share it) to
# port 9, 18 bytes of payload; as fast as it goes. Counted over the recorded interval, in one read on the bridge's
# side of the veths: frames gen sent, frames delivered to dir, frames delivered to the sink; lost = sent - at sink
# (frames in the engine's ring at either end of the interval can make it slightly negative). For Fulcrum, the
# frames dir got since the flood began, the engine's InPkts for VIP:9 (ipvsadm --stats) and the sink's ingress
# counter tell where the frames of the whole flood, warm-up included, were lost (before the engine: its ring was
# full; after it: its transmit ring). CPU from /proc (clock ticks; user and system time, which with this kernel's tick accounting includes
# the softirq work done in a task's own context): the Fulcrum JVM (user and system), its packet worker threads, the
# trafgen processes, the ksoftirqd threads. Where the work runs: veth transmits are processed in the sender's
# context, so trafgen's CPU carries the frame over the bridge into dir and (Fulcrum) the copy into the engine's
# ring and dir's IP stack up to Fulcrum's nftables input drop, or (nft) the rule, the forward, the bridge again and
# the sink's ingress; a Fulcrum worker's system time carries its poll and its send(), which transmits over the
# bridge to the sink's ingress. Figures:
#   pps per worker core     frames at the sink per second / the workers' CPU (cores busy); the profile splits the
#                           worker's time per frame into the kernel's part and the engine's Java code
#   path CPU per frame      (trafgen + ksoftirqd + Fulcrum JVM) CPU / frames at the sink (direct: / frames dir got)
#   forwarding CPU per frame  path CPU per frame - the direct slot's of the same round: what forwarding one frame
#                           costs the machine in all, the kernel's and Fulcrum's parts together
# The test suite or anything else running meanwhile shares the two cores: the load average is printed at the start
# and at each slot; the rounds are interleaved so that every target meets the same conditions.
#
# After the rounds, the profile (PROFILE s, 0: none): Fulcrum with one worker under the flood; a JFR recording
# (settings=profile) and `perf record -g` of the worker thread at the same time (perf map from jcmd
# Compiler.perfmap): user vs system time, where the worker's time goes (perf, inclusive and exclusive), JFR's hot
# Java methods, allocations and garbage collections; and `perf record -g` of trafgen, whose send() carries the
# director's receive side (the engine's packet tap, Fulcrum's ingress drop).
#
# Tunables: ROUNDS (3), DURATION (10 s recorded flood per slot), WARMUP (5 s), REQUESTS (2000 round trips),
# TCP_DURATION (10 s), CONNS (20), WORKERS2 (1: also 2 workers), PROFILE (10 s), FULCRUM_BENCH_JAVA_OPTS (Fulcrum's
# JVM flags). Files: target/bench/packet (per-slot logs, trafgen and wrk outputs, results.txt, the profile).

BP_VIP=10.9.0.100
BP_GEN=10.9.0.1
BP_DIR=10.9.0.2
BP_SINK=10.9.0.3

bench_packet() {
  if [ "$(id -u)" -ne 0 ]; then
    fulcrum_say "bin/bench packet needs root: it creates network namespaces and AF_PACKET rings"
    exit 2
  fi
  fulcrum_ensure_packages netsniff-ng nftables nginx wrk iproute2 procps
  fulcrum_ensure_packages linux-perf || fulcrum_say "linux-perf could not be installed: the profile will have JFR only"
  local p
  for p in trafgen nft nginx wrk; do
    command -v "$p" >/dev/null || { fulcrum_say "bench packet needs $p (apt-get install netsniff-ng nftables nginx wrk)"; exit 1; }
  done
  fulcrum_find_jdk
  fulcrum_build_if_stale
  BP_CP=$(test_classpath)
  BP_DIRS="$out/packet"
  rm -rf "$BP_DIRS"
  mkdir -p "$BP_DIRS/www"
  BP_ROUNDS=${ROUNDS:-3}
  BP_DURATION=${DURATION:-10}
  BP_WARMUP=${WARMUP:-5}
  BP_REQUESTS=${REQUESTS:-2000}
  BP_TCP=${TCP_DURATION:-10}
  BP_CONNS=${CONNS:-20}
  BP_PROFILE=${PROFILE:-10}
  BP_JAVA_OPTS=${FULCRUM_BENCH_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseG1GC}
  BP_HZ=$(getconf CLK_TCK)
  local targets="fulcrum-1w"
  [ "${WORKERS2:-1}" = 1 ] && targets="$targets fulcrum-2w"
  targets="$targets nft direct"
  BP_PREFIX="fbp$$"
  BP_NS=()
  BP_PIDS=()
  BP_FULCRUM=""
  trap bench_packet_cleanup EXIT
  bp_lab
  bp_configs

  machine
  echo "trafgen: $(trafgen -v 2>&1 | head -1); nft: $(nft -v); wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "lab: namespaces $BP_PREFIX-{br,gen,dir,sink} on a bridge (veth; bridge-nf-call-iptables: $(ip netns exec \
    "$BP_PREFIX-br" cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null || echo "-, br_netfilter not loaded"));"
  echo "  dir $BP_DIR_MAC, sink $BP_SINK_MAC; VIP $BP_VIP"
  echo "rounds: $BP_ROUNDS, interleaved (order rotated each round); per slot: ${BP_WARMUP} s flood warm-up, ${BP_DURATION} s"
  echo "  recorded flood (60-byte UDP frames, 1,024 flows), $BP_REQUESTS UDP round trips via the VIP and direct, wrk"
  echo "  -t1 -c$BP_CONNS -d${BP_TCP}s; targets: $targets"
  echo "fulcrum jvm: $BP_JAVA_OPTS"
  echo

  BP_RESULTS="$BP_DIRS/results.txt"
  : > "$BP_RESULTS"
  local r t i n
  local -a order
  read -r -a order <<<"$targets"
  n=${#order[@]}
  for r in $(seq 1 "$BP_ROUNDS"); do
    echo "== round $r (load average $(cut -d' ' -f1-3 /proc/loadavg)) =="
    for i in $(seq 0 $((n - 1))); do
      t=${order[$(( (i + r - 1) % n ))]}
      bp_slot "$t" "$r"
    done
  done
  echo
  echo "load average at the end of the rounds: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  bp_report "$targets"
  if [ "$BP_PROFILE" -gt 0 ]; then
    echo
    bp_profile
  fi
  echo
  echo "(files: $BP_DIRS)"
}

bp_lab() {
  local br="$BP_PREFIX-br" i=0 h cidr name
  ip netns add "$br"
  BP_NS+=("$br")
  ip -n "$br" link set lo up
  ip -n "$br" link add br0 type bridge stp_state 0
  ip -n "$br" link set br0 up
  # bridged frames skip iptables/nftables in the bridge's namespace (br_netfilter, when loaded, calls them)
  ip netns exec "$br" sh -c 'for f in /proc/sys/net/bridge/bridge-nf-call-*; do [ -w "$f" ] && echo 0 > "$f"; done; true'
  for h in gen:$BP_GEN dir:$BP_DIR sink:$BP_SINK; do
    i=$((i + 1))
    cidr=${h#*:}/24
    name="$BP_PREFIX-${h%%:*}"
    BP_NS+=("$name")
    fulcrum_bench_bridge_host "$br" "$name" "$cidr" "$i"
  done
  ip -n "$BP_PREFIX-dir" addr add "$BP_VIP/32" dev eth0
  ip -n "$BP_PREFIX-sink" addr add "$BP_VIP/32" dev lo
  for i in lo all; do
    ip netns exec "$BP_PREFIX-sink" sysctl -qw "net.ipv4.conf.$i.arp_ignore=1" "net.ipv4.conf.$i.arp_announce=2"
  done
  BP_DIR_MAC=$(bp_mac dir)
  BP_SINK_MAC=$(bp_mac sink)
  BP_GEN_MAC=$(bp_mac gen)
  # the sink: the flood is counted and dropped at its ingress, before its IP stack
  ip netns exec "$BP_PREFIX-sink" nft -f - <<EOF
table netdev fbp_sink {
  counter flood { }
  chain in {
    type filter hook ingress device eth0 priority 0;
    ip daddr $BP_VIP udp dport 9 counter name flood drop
  }
}
EOF
  head -c 612 /dev/zero | tr '\0' 'x' > "$BP_DIRS/www/index.html"
  cat > "$BP_DIRS/nginx.conf" <<EOF
worker_processes 1;
pid $BP_DIRS/nginx.pid;
error_log $BP_DIRS/nginx.err;
events { worker_connections 4096; }
http {
  access_log off;
  server { listen 80 backlog=4096; root $BP_DIRS/www; }
}
EOF
  ip netns exec "$BP_PREFIX-sink" nginx -c "$BP_DIRS/nginx.conf" -p "$BP_DIRS"
  ip netns exec "$BP_PREFIX-sink" "$JAVA_HOME/bin/java" -cp "$BP_CP" io.fulcrum.bench.UdpPingPong echo \
    "$BP_VIP:7" "$BP_SINK:7" > "$BP_DIRS/echo.log" 2>&1 &
  BP_PIDS+=($!)
  for i in $(seq 1 100); do
    grep -q 'echo ready' "$BP_DIRS/echo.log" && [ -s "$BP_DIRS/nginx.pid" ] && break
    sleep 0.1
  done
  grep -q 'echo ready' "$BP_DIRS/echo.log" || { fulcrum_say "the sink's UDP echo did not start (see $BP_DIRS/echo.log)"; exit 1; }
  # the neighbours the flood does not resolve itself
  ip netns exec "$BP_PREFIX-gen" ping -c1 -W1 "$BP_SINK" >/dev/null 2>&1 || true
  ip netns exec "$BP_PREFIX-dir" ping -c1 -W1 "$BP_SINK" >/dev/null 2>&1 || true
}

bp_mac() {
  ip -n "$BP_PREFIX-$1" -o link show eth0 | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2
}

bp_configs() {
  cat > "$BP_DIRS/flood.trafgen" <<EOF
{
  eth(da=$BP_DIR_MAC, sa=$BP_GEN_MAC, type=0x0800),
  ipv4(sa=$BP_GEN, da=$BP_VIP, ttl=64, df),
  udp(sp=dinc(1024, 2047), dp=9),
  fill(0x00, 18)
}
EOF
  local port proto
  : > "$BP_DIRS/dr.conf"
  for port in 9:UDP 7:UDP 80:TCP; do
    proto=${port#*:}; port=${port%%:*}
    cat >> "$BP_DIRS/dr.conf" <<EOF
virtual_server $BP_VIP $port {
    lvs_sched rr
    lvs_method DR
    protocol $proto
    real_server $BP_SINK $port {
        weight 1
    }
}
EOF
  done
  cat > "$BP_DIRS/nft-baseline.nft" <<EOF
table netdev fbp_nft {
  chain in {
    type filter hook ingress device eth0 priority 0;
    ip daddr $BP_VIP udp dport { 7, 9 } ether saddr set $BP_DIR_MAC ether daddr set $BP_SINK_MAC fwd to "eth0"
    ip daddr $BP_VIP tcp dport 80 ether saddr set $BP_DIR_MAC ether daddr set $BP_SINK_MAC fwd to "eth0"
  }
}
EOF
  cat > "$BP_DIRS/nft-reference.nft" <<EOF
table netdev fbp_ref {
  chain in {
    type filter hook ingress device eth0 priority 0;
    ip daddr $BP_VIP udp dport 9 drop
  }
}
EOF
}

# starts Fulcrum in dir with $1 workers; waits until a round trip through the VIP works; sets BP_FULCRUM
bp_start_fulcrum() {
  local workers=$1 log=$2 i
  # shellcheck disable=SC2086 # BP_JAVA_OPTS is a list of flags
  ip netns exec "$BP_PREFIX-dir" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED $BP_JAVA_OPTS \
    -jar "$FULCRUM_JAR" run -f "$BP_DIRS/dr.conf" --socket "$BP_DIRS/fulcrum.sock" --packet-workers "$workers" \
    > "$log" 2>&1 &
  BP_FULCRUM=$!
  BP_PIDS+=("$BP_FULCRUM")
  for i in $(seq 1 30); do
    if grep -q 'Packet engine: ' "$log" &&
        [[ $(bp_rtt 5 0 "$BP_VIP" 2>/dev/null) == *" lost=0 "* ]]; then
      return 0
    fi
    kill -0 "$BP_FULCRUM" 2>/dev/null || break
    sleep 0.5
  done
  fulcrum_say "Fulcrum did not forward through the VIP (see $log)"
  exit 1
}

bp_stop_fulcrum() {
  [ -n "$BP_FULCRUM" ] || return 0
  kill "$BP_FULCRUM" 2>/dev/null || true
  wait "$BP_FULCRUM" 2>/dev/null || true
  BP_FULCRUM=""
  BP_PIDS=("${BP_PIDS[@]:0:1}")
}

# UdpPingPong rtt from gen to port 7: COUNT WARMUP ADDR... (requests to the addresses in turn; a line for each)
bp_rtt() {
  ip netns exec "$BP_PREFIX-gen" "$JAVA_HOME/bin/java" -cp "$BP_CP" io.fulcrum.bench.UdpPingPong rtt 7 "$@"
}

bp_stat() {
  ip netns exec "$BP_PREFIX-$1" cat "/sys/class/net/eth0/statistics/$2"
}

bp_sink_count() {
  ip netns exec "$BP_PREFIX-sink" nft list counter netdev fbp_sink flood | awk '$1 == "packets" {print $2; exit}'
}

# utime+stime ticks: bp_ticks PID... (processes; a missing one counts 0)
bp_ticks() {
  local t=0 pid v
  for pid in "$@"; do
    v=$(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    t=$((t + ${v:-0}))
  done
  echo "$t"
}

# "user system" ticks of the Fulcrum JVM's packet worker threads (comm fulcrum-packet-...)
bp_worker_ticks() {
  local u=0 s=0 t a b
  for t in /proc/"$BP_FULCRUM"/task/*; do
    [[ $(cat "$t/comm" 2>/dev/null) == fulcrum-packet* ]] || continue
    read -r a b < <(awk '{sub(/^.*\) /, ""); print $12, $13}' "$t/stat" 2>/dev/null || echo "0 0")
    u=$((u + a)); s=$((s + b))
  done
  echo "$u $s"
}

bp_trafgen_pids() {
  local pid
  for pid in $(ip netns pids "$BP_PREFIX-gen" 2>/dev/null); do
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = trafgen ] && echo "$pid"
  done
  return 0
}

# one line of counters: time_ns gen_sent dir_got sink_got jvm_user jvm_sys worker_user worker_sys trafgen ksoftirqd
bp_snapshot() {
  local jvm="0 0" worker="0 0"
  if [ -n "$BP_FULCRUM" ]; then
    jvm=$(awk '{sub(/^.*\) /, ""); print $12, $13}' "/proc/$BP_FULCRUM/stat")
    worker=$(bp_worker_ticks)
  fi
  # the three frame counts in one read, from the bridge's side of the veths: p1 received from gen, p2 sent to
  # dir, p3 sent to the sink (during the flood nothing else crosses the bridge)
  local frames
  frames=$(ip netns exec "$BP_PREFIX-br" sh -c 'cat /sys/class/net/p1/statistics/rx_packets \
    /sys/class/net/p2/statistics/tx_packets /sys/class/net/p3/statistics/tx_packets' | tr '\n' ' ')
  # shellcheck disable=SC2046
  echo "$(date +%s%N) ${frames% } $jvm $worker $(bp_ticks $(bp_trafgen_pids)) $(bp_ticks $(pgrep '^ksoftirqd/' || true))"
}

# one slot: target T in round R; appends a line to results.txt
bp_slot() {
  local t=$1 r=$2 tag="$2-$1"
  local log="$BP_DIRS/$tag"
  local workers=0
  case "$t" in
    fulcrum-1w) workers=1 ;;
    fulcrum-2w) workers=2 ;;
    nft) ip netns exec "$BP_PREFIX-dir" nft -f "$BP_DIRS/nft-baseline.nft" ;;
    direct) ip netns exec "$BP_PREFIX-dir" nft -f "$BP_DIRS/nft-reference.nft" ;;
  esac
  [ "$workers" -gt 0 ] && bp_start_fulcrum "$workers" "$log-fulcrum.log"
  local rx0 sink0
  rx0=$(bp_stat dir rx_packets); sink0=$(bp_sink_count)
  ip netns exec "$BP_PREFIX-gen" trafgen --dev eth0 --conf "$BP_DIRS/flood.trafgen" --cpus 1 > "$log-trafgen.log" 2>&1 &
  local tg=$!
  sleep "$BP_WARMUP"
  local s0 s1
  s0=$(bp_snapshot)
  sleep "$BP_DURATION"
  s1=$(bp_snapshot)
  # shellcheck disable=SC2046
  kill -INT $(bp_trafgen_pids) 2>/dev/null || true
  wait "$tg" 2>/dev/null || true
  sleep 0.5
  # Fulcrum: where in the director the flood's missing frames went (before the engine: its ring was full; after:
  # its transmit ring): dir's frames since the start of the flood, the engine's InPkts for VIP:9, the sink's
  local inpkts="NA" rx1 sink1
  rx1=$(bp_stat dir rx_packets); sink1=$(bp_sink_count)
  if [ "$workers" -gt 0 ]; then
    inpkts=$(ip netns exec "$BP_PREFIX-dir" "$JAVA_HOME/bin/java" -jar "$FULCRUM_JAR" ipvsadm --socket \
      "$BP_DIRS/fulcrum.sock" -Ln --stats --exact 2>/dev/null | awk -v v="$BP_VIP:9" '$1 == "UDP" && $2 == v {print $4}')
    inpkts=${inpkts:-NA}
  fi
  # round trips through the VIP and straight to the sink, alternating, so that both meet the same conditions
  local via="rtt n=0 lost=0 median_us=NA p99_us=NA" direct rtts
  if [ "$t" = direct ]; then rtts=$(bp_rtt "$BP_REQUESTS" 200 "$BP_SINK")
  else rtts=$(bp_rtt "$BP_REQUESTS" 200 "$BP_VIP" "$BP_SINK"); fi
  echo "$rtts" > "$log-rtt.txt"
  [ "$t" = direct ] || via=$(grep " addr=$BP_VIP " <<<"$rtts" || echo "rtt lost=0 median_us=NA p99_us=NA")
  direct=$(grep " addr=$BP_SINK " <<<"$rtts" || echo "rtt lost=0 median_us=NA p99_us=NA")
  local url="http://$BP_VIP/"
  [ "$t" = direct ] && url="http://$BP_SINK/"
  ip netns exec "$BP_PREFIX-gen" wrk -t1 -c"$BP_CONNS" -d2s "$url" >/dev/null 2>&1 || true
  local w
  w=$(ip netns exec "$BP_PREFIX-gen" wrk -t1 -c"$BP_CONNS" -d"${BP_TCP}s" --latency "$url" 2>&1)
  echo "$w" > "$log-wrk.txt"
  local rps p99 errs
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$w")
  p99=$(bp_ms "$(awk '$1 == "99%" {print $2}' <<<"$w")")
  errs=$(awk '/Non-2xx|Socket errors|timeout/ {print}' <<<"$w" | tr '\n' ' ')

  case "$t" in
    fulcrum-*) bp_stop_fulcrum ;;
    nft) ip netns exec "$BP_PREFIX-dir" nft delete table netdev fbp_nft ;;
    direct) ip netns exec "$BP_PREFIX-dir" nft delete table netdev fbp_ref ;;
  esac

  # derived figures of the recorded interval
  local line
  line=$(awk -v t="$t" -v r="$r" -v hz="$BP_HZ" -v s0="$s0" -v s1="$s1" -v via="$via" -v dir="$direct" \
      -v rps="${rps:-NA}" -v p99="${p99:-NA}" -v inp="$inpkts" -v rx="$((rx1 - rx0))" -v sk="$((sink1 - sink0))" '
    function kv(s, k,   a, i, n) { n = split(s, a, / /); for (i = 1; i <= n; i++) if (index(a[i], k "=") == 1) return substr(a[i], length(k) + 2); return "NA" }
    BEGIN {
      split(s0, a, / /); split(s1, b, / /)
      dt = (b[1] - a[1]) / 1e9
      sent = (b[2] - a[2]) / dt; dirrx = (b[3] - a[3]) / dt; sink = (b[4] - a[4]) / dt
      ju = (b[5] - a[5]) / hz / dt; js = (b[6] - a[6]) / hz / dt
      wu = (b[7] - a[7]) / hz / dt; ws = (b[8] - a[8]) / hz / dt
      tg = (b[9] - a[9]) / hz / dt; ks = (b[10] - a[10]) / hz / dt
      lost = sent > 0 ? 100 * (sent - sink) / sent : 0
      delivered = (t == "direct") ? dirrx : sink
      path = delivered > 0 ? (tg + ks + ju + js) * 1e9 / delivered : 0
      ringdrop = (inp == "NA") ? "NA" : rx - inp; txdrop = (inp == "NA") ? "NA" : inp - sk
      printf "%s %d %.0f %.0f %.0f %.2f %.3f %.3f %.3f %.3f %.3f %.3f %.0f %s %s %s %s %s %s %s %s %s\n",
        t, r, sent, dirrx, sink, lost, ju, js, wu, ws, tg, ks, path,
        kv(via, "median_us"), kv(via, "p99_us"), kv(dir, "median_us"), kv(dir, "p99_us"), rps, p99,
        ringdrop, txdrop, kv(via, "lost") + kv(dir, "lost")
    }')
  echo "$line" >> "$BP_RESULTS"
  # shellcheck disable=SC2086
  set -- $line
  if [ "$t" = direct ]; then
    printf '  %-10s flood dropped at dir: %7.0f pps (sent %7.0f)  path CPU %5s ns/frame  RTT direct %6s/%6s us  wrk %9s req/s p99 %s ms %s\n' \
      "$t" "$4" "$3" "${13}" "${16}" "${17}" "${18}" "${19}" "$errs"
  else
    printf '  %-10s sent %7.0f pps  at sink %7.0f pps (lost %5s%%)  workers %s+%s cores  path CPU %5s ns/frame  RTT %6s/%6s us (direct %6s/%6s)  wrk %9s req/s p99 %s ms %s\n' \
      "$t" "$3" "$5" "$6" "$9" "${10}" "${13}" "${14}" "${15}" "${16}" "${17}" "${18}" "${19}" "$errs"
  fi
  if [ "$inpkts" != NA ]; then
    printf '  %-10s   (flood + warm-up: dir got %s frames, engine InPkts %s, sink %s: %s dropped before the engine, %s after; load %s)\n' \
      "" "$((rx1 - rx0))" "$inpkts" "$((sink1 - sink0))" "${20}" "${21}" "$(cut -d' ' -f1 /proc/loadavg)"
  fi
}

# median of column C over the rows of target T (NA rows left out)
bp_median() {
  awk -v t="$2" -v c="$3" '$1 == t && $c != "NA" && $c != "nan" {print $c}' "$1" | sort -g |
    awk '{v[NR] = $1} END { if (NR == 0) print "NA"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

bp_report() {
  local targets=$1 f="$BP_RESULTS" t
  # per-round derived columns: 23 = forwarding CPU per frame (path - the direct slot's of the round),
  # 24 = pps per worker core, 25 = the same for the workers' user time (ticks: coarse, in results.txt.derived
  # only), 26 = RTT added median, 27 = p99
  awk 'NR == FNR { if ($1 == "direct") ref[$2] = $13; next }
    { fwd = (($1 != "direct") && ($2 in ref)) ? $13 - ref[$2] : "NA"
      w = $9 + $10
      pc = (w > 0) ? $5 / w : "NA"; pu = ($9 > 0) ? $5 / $9 : "NA"
      am = ($14 != "NA" && $16 != "NA") ? $14 - $16 : "NA"; ap = ($15 != "NA" && $17 != "NA") ? $15 - $17 : "NA"
      print $0, fwd, pc, pu, am, ap }' "$f" "$f" > "$f.derived"
  echo "== medians of $BP_ROUNDS rounds =="
  echo
  echo "| target | sent (pps) | at sink (pps) | lost | workers' CPU (cores: user + sys) | pps per worker core | path CPU per frame | forwarding CPU per frame | UDP RTT median / p99 | added vs direct: median / p99 | TCP req/s | TCP p99 |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  local d="$f.derived"
  for t in $targets; do
    local label
    case "$t" in
      fulcrum-1w) label="Fulcrum, 1 worker" ;;
      fulcrum-2w) label="Fulcrum, 2 workers" ;;
      nft) label="nft ingress fwd (kernel)" ;;
      direct) label="direct (no director)" ;;
    esac
    if [ "$t" = direct ]; then
      printf '| %s | %s | - (dropped at dir: %s) | - | - | - | %s ns | - | %s / %s us | - | %s | %s ms |\n' "$label" \
        "$(bp_median "$d" "$t" 3)" "$(bp_median "$d" "$t" 4)" "$(bp_median "$d" "$t" 13)" \
        "$(bp_median "$d" "$t" 16)" "$(bp_median "$d" "$t" 17)" "$(bp_median "$d" "$t" 18)" "$(bp_median "$d" "$t" 19)"
    else
      local wc="-" pc="-"
      if [[ $t == fulcrum-* ]]; then
        wc="$(bp_median "$d" "$t" 9) + $(bp_median "$d" "$t" 10)"
        pc="$(bp_fmt "$(bp_median "$d" "$t" 24)")"
      fi
      printf '| %s | %s | %s | %s%% | %s | %s | %s ns | %s ns | %s / %s us | %s / %s us | %s | %s ms |\n' "$label" \
        "$(bp_median "$d" "$t" 3)" "$(bp_median "$d" "$t" 5)" "$(bp_median "$d" "$t" 6)" "$wc" "$pc" \
        "$(bp_median "$d" "$t" 13)" "$(bp_median "$d" "$t" 23)" "$(bp_median "$d" "$t" 14)" "$(bp_median "$d" "$t" 15)" \
        "$(bp_median "$d" "$t" 26)" "$(bp_median "$d" "$t" 27)" "$(bp_median "$d" "$t" 18)" "$(bp_median "$d" "$t" 19)"
    fi
  done
  echo
  local fs ns ffw nfw frps nrps
  ns=$(bp_median "$d" nft 5); nfw=$(bp_median "$d" nft 23); nrps=$(bp_median "$d" nft 18)
  echo "ratios Fulcrum/nft (medians):"
  for t in $targets; do
    [[ $t == fulcrum-* ]] || continue
    fs=$(bp_median "$d" "$t" 5); ffw=$(bp_median "$d" "$t" 23); frps=$(bp_median "$d" "$t" 18)
    awk -v t="$t" -v fs="$fs" -v ns="$ns" -v ffw="$ffw" -v nfw="$nfw" -v fr="$frps" -v nr="$nrps" 'BEGIN {
      printf "  %-10s frames at the sink %s; CPU per forwarded frame %s (nft %s ns, Fulcrum %s ns: Fulcrum forwards %s of the frames per core the kernel does); TCP req/s %s\n",
        t, (ns > 0 ? sprintf("%.2f", fs / ns) : "-"), (nfw > 0 ? sprintf("%.2f", ffw / nfw) : "-"), nfw, ffw,
        (ffw > 0 ? sprintf("%.2f", nfw / ffw) : "-"), (nr > 0 ? sprintf("%.2f", fr / nr) : "-") }'
  done
  local pcw
  pcw=$(bp_median "$d" fulcrum-1w 24)
  echo
  echo "targets (the issue: at least 1 Mpps per worker core, or half of the in-kernel baseline):"
  awk -v pc="$pcw" -v fs="$(bp_median "$d" fulcrum-1w 5)" -v ns="$ns" -v ffw="$(bp_median "$d" fulcrum-1w 23)" -v nfw="$nfw" \
      -v sent="$(bp_median "$d" nft 3)" 'BEGIN {
    printf "  1 Mpps per worker core: %.0f pps per worker core (%s); the generator offers only %.0f pps here, so the per-core figure comes from the worker threads'"'"' CPU time (the profile below splits it)\n",
      pc, (pc >= 1e6 ? "met" : sprintf("missed: %.0f%% of the target", 100 * pc / 1e6)), sent
    r = ns > 0 ? fs / ns : 0
    printf "  half of the kernel baseline, throughput at the sink: Fulcrum/nft %.2f (%s)\n", r, (r >= 0.5 ? "met" : "missed")
    c = ffw > 0 ? nfw / ffw : 0
    printf "  half of the kernel baseline, frames forwarded per core (CPU per frame, all costs): %.2f (%s)\n", c, (c >= 0.5 ? "met" : "missed")
  }'
}

# wrk latency (e.g. 1.23ms, 850.00us, 1.02s) in milliseconds
bp_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 }
    else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 }
    else print "NA" }'
}

bp_fmt() {
  awk -v v="$1" 'BEGIN { if (v == "NA" || v == "") print "NA"; else printf "%.0f\n", v }'
}

# Fulcrum with one worker under the flood: JFR and perf at once; summaries from both
bp_profile() {
  local dir="$BP_DIRS/profile"
  mkdir -p "$dir"
  echo "== profile: Fulcrum, 1 worker, under the flood (${BP_PROFILE} s of JFR settings=profile and perf record of the worker thread) =="
  bp_start_fulcrum 1 "$dir/fulcrum.log"
  ip netns exec "$BP_PREFIX-gen" trafgen --dev eth0 --conf "$BP_DIRS/flood.trafgen" --cpus 1 > "$dir/trafgen.log" 2>&1 &
  local tg=$! pid=$BP_FULCRUM tid="" t
  sleep "$BP_WARMUP"
  for t in /proc/"$pid"/task/*; do
    [[ $(cat "$t/comm" 2>/dev/null) == fulcrum-packet* ]] && tid=${t##*/}
  done
  local w0 j0 s0 w1 j1 s1
  w0=$(bp_worker_ticks); j0=$(awk '{sub(/^.*\) /, ""); print $12, $13}' "/proc/$pid/stat"); s0=$(bp_snapshot)
  "$JAVA_HOME/bin/jcmd" "$pid" JFR.start name=bench settings=profile duration="${BP_PROFILE}s" \
    filename="$dir/fulcrum.jfr" > "$dir/jcmd.log" 2>&1 || true
  local perf_ok=0 gen_perf=""
  if command -v perf >/dev/null && [ -n "$tid" ]; then
    # the generator too: the director's receive side (the engine's tap, its ingress drop) runs in trafgen's send()
    perf record -o "$dir/perf-gen.data" -e cpu-clock -F 999 -g -p "$(bp_trafgen_pids | paste -sd,)" \
      -- sleep "$BP_PROFILE" > "$dir/perf-record-gen.log" 2>&1 &
    gen_perf=$!
    perf record -o "$dir/perf.data" -e cpu-clock -F 999 -g -t "$tid" -- sleep "$BP_PROFILE" > "$dir/perf-record.log" 2>&1 && perf_ok=1
  else
    sleep "$BP_PROFILE"
  fi
  w1=$(bp_worker_ticks); j1=$(awk '{sub(/^.*\) /, ""); print $12, $13}' "/proc/$pid/stat"); s1=$(bp_snapshot)
  "$JAVA_HOME/bin/jcmd" "$pid" Compiler.perfmap > /dev/null 2>&1 || true
  sleep 1
  # shellcheck disable=SC2046
  kill -INT $(bp_trafgen_pids) 2>/dev/null || true
  wait "$tg" 2>/dev/null || true
  for t in 1 2 3 4 5 6 7 8 9 10; do [ -s "$dir/fulcrum.jfr" ] && break; sleep 0.5; done
  awk -v w0="$w0" -v w1="$w1" -v j0="$j0" -v j1="$j1" -v s0="$s0" -v s1="$s1" -v hz="$BP_HZ" 'BEGIN {
    split(w0, a, / /); split(w1, b, / /); split(j0, c, / /); split(j1, d, / /); split(s0, e, / /); split(s1, f, / /)
    dt = (f[1] - e[1]) / 1e9
    wu = (b[1] - a[1]) / hz / dt; ws = (b[2] - a[2]) / hz / dt; ju = (d[1] - c[1]) / hz / dt; js = (d[2] - c[2]) / hz / dt
    printf "during the profile: %.0f pps at the sink; the worker thread %.2f cores (user %.2f, system %.2f: %.0f%% in the kernel); the whole JVM %.2f cores (user %.2f, system %.2f)\n",
      (f[4] - e[4]) / dt, wu + ws, wu, ws, (wu + ws > 0 ? 100 * ws / (wu + ws) : 0), ju + js, ju, js }'
  if [ $perf_ok = 1 ]; then
    perf report -i "$dir/perf.data" --no-children --sort dso --stdio -g none > "$dir/perf-dso.txt" 2>/dev/null || true
    perf report -i "$dir/perf.data" --no-children --sort sym --stdio -g none > "$dir/perf-self.txt" 2>/dev/null || true
    perf report -i "$dir/perf.data" --children --sort sym --stdio -g none > "$dir/perf-children.txt" 2>/dev/null || true
    perf report -i "$dir/perf.data" --no-children --sort sym --stdio -g caller > "$dir/perf-callgraph.txt" 2>/dev/null || true
    echo
    echo "perf, the worker thread's samples by object (JIT-compiled Java: [JIT], named from jcmd Compiler.perfmap):"
    grep -E '^ +[0-9.]+%' "$dir/perf-dso.txt" | head -5 | sed 's/^/  /'
    # the engine's own code: the samples outside the kernel, applied to the worker's CPU per frame
    awk -v w0="$w0" -v w1="$w1" -v s0="$s0" -v s1="$s1" -v hz="$BP_HZ" '
      /^ +[0-9.]+%/ { v = $1; sub(/%/, "", v); if ($2 == "[kernel.kallsyms]") k += v; else u += v }
      END {
        split(w0, a, / /); split(w1, b, / /); split(s0, e, / /); split(s1, f, / /)
        dt = (f[1] - e[1]) / 1e9; pps = (f[4] - e[4]) / dt; cores = (b[1] + b[2] - a[1] - a[2]) / hz / dt
        if (pps <= 0 || cores <= 0 || k + u <= 0) exit
        ns = cores * 1e9 / pps; share = u / (k + u)
        printf "  so, per frame: the worker %.0f ns, of which the kernel %.0f ns and user space (the engine'"'"'s Java code) %.0f ns: %.0f pps per core for the engine'"'"'s own code\n",
          ns, ns * (1 - share), ns * share, 1e9 / (ns * share) }' "$dir/perf-dso.txt"
    echo "perf, where the worker's time goes (inclusive: a function with everything it calls; [k] kernel, [.] user):"
    grep -E '^ +[0-9.]+% +[0-9.]+%' "$dir/perf-children.txt" | grep -vE 'entry_SYSCALL|do_syscall_64|__x64_sys_sendto|__sys_sendto|__napi_poll|__netif_receive_skb_one_core|do_softirq|handle_softirqs|__local_bh_enable_ip' |
      head -24 | cut -c1-150 | sed 's/^/  /'
    # the lab's far side: a veth transmit is received (bridge, the sink's veth and ingress rule) in the softirq run at
    # the end of the sender's own call, so the worker's send() carries it; a NIC's driver would only queue the frame
    awk -v w0="$w0" -v w1="$w1" -v s0="$s0" -v s1="$s1" -v hz="$BP_HZ" '
      /^ +[0-9.]+% +[0-9.]+% +\[k\] net_rx_action *$/ { v = $1; sub(/%/, "", v); rx = v }
      END {
        split(w0, a, / /); split(w1, b, / /); split(s0, e, / /); split(s1, f, / /)
        dt = (f[1] - e[1]) / 1e9; pps = (f[4] - e[4]) / dt; cores = (b[1] + b[2] - a[1] - a[2]) / hz / dt
        if (pps <= 0 || cores <= 0 || rx == "") exit
        ns = cores * 1e9 / pps
        printf "  net_rx_action (the receiving side of the lab'"'"'s wire: the bridge, the sink'"'"'s veth and its ingress rule, run in the softirq at the end of the worker'"'"'s send()) takes %.0f%% of the worker: %.0f ns per frame; without it the worker would forward %.0f pps per core\n",
          rx, ns * rx / 100, 1e9 / (ns * (1 - rx / 100)) }' "$dir/perf-children.txt"
    echo "perf, the hottest functions themselves (exclusive):"
    grep -E '^ +[0-9.]+%' "$dir/perf-self.txt" | head -12 | cut -c1-150 | sed 's/^/  /'
    [ -n "$gen_perf" ] && wait "$gen_perf" 2>/dev/null
    if [ -s "$dir/perf-gen.data" ]; then
      perf report -i "$dir/perf-gen.data" --children --sort sym --stdio -g none > "$dir/perf-gen-children.txt" 2>/dev/null || true
      echo "perf, the generator (trafgen), which carries the director's receive side: the engine's packet tap"
      echo "(tpacket_rcv) and Fulcrum's ingress drop (nft_do_chain_netdev; inclusive, as a share of trafgen's time):"
      grep -E '^ +[0-9.]+% +[0-9.]+% +\[k\] (tpacket_rcv|nft_do_chain_netdev|nft_do_chain|nft_fib4_eval_type|br_handle_frame|veth_xmit|net_rx_action|packet_sendmsg) *$' \
        "$dir/perf-gen-children.txt" | sed 's/^/  /'
    fi
  else
    echo "(perf not available: no kernel-side profile)"
  fi
  if [ -s "$dir/fulcrum.jfr" ]; then
    "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$dir/fulcrum.jfr" > "$dir/jfr-hot-methods.txt" 2>&1 || true
    "$JAVA_HOME/bin/jfr" view --width 160 allocation-by-site "$dir/fulcrum.jfr" > "$dir/jfr-allocation.txt" 2>&1 || true
    "$JAVA_HOME/bin/jfr" summary "$dir/fulcrum.jfr" > "$dir/jfr-summary.txt" 2>&1 || true
    echo
    echo "JFR hot methods (execution samples: Java code only):"
    sed -n '/^-----/,$p' "$dir/jfr-hot-methods.txt" | sed 1d | head -8 | cut -c1-160 | sed 's/^/  /'
    echo "JFR allocation by site (top 5) and garbage collections:"
    sed -n '/^-----/,$p' "$dir/jfr-allocation.txt" | sed 1d | head -5 | cut -c1-160 | sed 's/^/  /'
    awk '$1 == "jdk.GarbageCollection" || $1 == "jdk.ExecutionSample" || $1 == "jdk.NativeMethodSample" {print "  " $1 ": " $2 " events"}' \
      "$dir/jfr-summary.txt"
  else
    echo "(no JFR recording: see $dir/jcmd.log)"
  fi
  bp_stop_fulcrum
  rm -f "/tmp/perf-$pid.map"
}

bench_packet_cleanup() {
  local pid ns i
  { for pid in "${BP_PIDS[@]}"; do kill "$pid"; done; } 2>/dev/null || true
  sleep 0.5
  for ns in "${BP_NS[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
  done
  sleep 0.2
  for ((i = ${#BP_NS[@]} - 1; i >= 0; i--)); do ip netns del "${BP_NS[$i]}" 2>/dev/null || true; done
}
