# bin/bench checks: the health checkers of `fulcrum run` at scale. TCP_CHECK on TCP real servers and HTTP_GET on
# HTTP ones, all on ports of 127.0.0.1 served by io.fulcrum.bench.CheckTargets (one selector thread), every checker
# with delay_loop 1 and connect_timeout 2 (io.fulcrum.bench.ChecksConfig), the daemon with --dataplane none (the
# table is served, nothing forwarded: only the checkers and the control loop work). After a warm-up, over a window:
# - the daemon's CPU (utime + stime of the whole JVM from /proc/PID/stat), its RSS, its heap (jcmd GC.heap_info, then
#   the live heap after a full GC), its GC pauses (perf counters);
# - the lateness of the checks: the interval between two probes of the same real server minus delay_loop, from the
#   SYNs on the loopback (tcpdump, kernel timestamps taken inside the daemon's connect(); io.fulcrum.bench.
#   SynIntervals), and as a cross-check from the listeners' accept times (CheckTargets);
# - second by second, the CPU of the daemon, of the listeners and of every other process, beside the lateness;
# - the daemon's log: "Removing service" lines (a real server taken out of the table) must be 0.
# Sourced by bin/bench (uses its machine, test_classpath and $out). As root it runs inside its own network
# namespace (loopback only) and installs tcpdump when missing; otherwise on the host's loopback, and without
# tcpdump the lateness comes from the accept times only.
# Tunables: TCP (10000 real servers), HTTP (2000), PER_VS (1000 real servers per virtual server), WARMUP (20 s),
# WINDOW (60 s), FULCRUM_BENCH_JAVA_OPTS (the daemon's JVM flags; default none, as bin/fulcrum runs it),
# EXPERIMENT=1 (then the checkers alone in a plain JVM three ways: bench_checks_experiment), EXPERIMENT_WINDOW (40 s).

bench_checks() {
  [ "$(id -u)" -eq 0 ] && fulcrum_ensure_packages tcpdump iproute2 || true
  fulcrum_find_jdk
  fulcrum_build_if_stale
  local cp
  cp=$(test_classpath)
  local dir="$out/checks"
  rm -rf "$dir"
  mkdir -p "$dir"
  local tcp=${TCP:-10000} http=${HTTP:-2000} per_vs=${PER_VS:-1000} warmup=${WARMUP:-20} window=${WINDOW:-60}
  local java_opts=${FULCRUM_BENCH_JAVA_OPTS:-}
  local tcp_base=20000 http_base=$((20000 + tcp))
  local n=$((tcp + http))
  if [ $((http_base + http)) -gt 32768 ]; then
    fulcrum_say "TCP + HTTP real servers must fit in ports 20000-32767 (below the ephemeral range)"; exit 2
  fi

  local ns="" run=()
  fulcrum_bench_netns "fulcrum-bench-checks-$$"
  BENCH_PIDS=()
  BENCH_NS=$ns
  trap bench_checks_cleanup EXIT
  # the listeners take one descriptor per port plus the connections being accepted; the daemon one per probe
  local limit
  fulcrum_raise_nofile
  if [ $((n + 1000)) -gt "$limit" ]; then
    fulcrum_say "open-file limit $limit is too low for $n listeners in one process"; exit 1
  fi

  "$JAVA_HOME/bin/java" -cp "$cp" io.fulcrum.bench.ChecksConfig "$tcp_base" "$tcp" "$http_base" "$http" "$per_vs" \
    "$dir/checks.conf" >&2

  # the real servers: a small fixed heap and the serial collector (its pauses are short at this size), GC logged
  coproc TARGETS { exec "${run[@]}" "$JAVA_HOME/bin/java" -Xms256m -Xmx256m -XX:+UseSerialGC \
    -Xlog:gc:file="$dir/targets-gc.log" -cp "$cp" io.fulcrum.bench.CheckTargets \
    "$tcp_base" "$tcp" "$http_base" "$http" 1000 2>"$dir/targets.err"; }
  local targets_pid=$TARGETS_PID
  BENCH_PIDS+=("$targets_pid")
  local line=""
  read -r -t 120 line <&"${TARGETS[0]}" || true
  if [ "$line" != "ready $n" ]; then
    fulcrum_say "the listeners did not start (${line:-no answer}; see $dir/targets.err)"; exit 1
  fi

  machine
  echo "real servers: $tcp TCP_CHECK (127.0.0.1:$tcp_base-$((tcp_base + tcp - 1))), $http HTTP_GET" \
    "(127.0.0.1:$http_base-$((http_base + http - 1))), $per_vs per virtual server; delay_loop 1, connect_timeout 2"
  echo "fulcrum run --dataplane none, jvm flags: ${java_opts:-(none)}; warm-up ${warmup} s, window ${window} s"
  [ -n "$ns" ] && echo "network namespace $ns (loopback only)"
  echo

  # shellcheck disable=SC2086 # java_opts is a list of flags
  "${run[@]}" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED $java_opts -jar "$FULCRUM_JAR" run \
    -f "$dir/checks.conf" --socket "$dir/fulcrum.sock" --dataplane none > "$dir/fulcrum.log" 2>&1 &
  local pid=$!
  BENCH_PIDS+=("$pid")
  local i started=""
  for i in $(seq 1 600); do
    started=$(grep -m1 -o 'Health checking: [0-9]* checker(s) started' "$dir/fulcrum.log" || true)
    [ -n "$started" ] && break
    kill -0 "$pid" 2>/dev/null || { fulcrum_say "fulcrum run exited (see $dir/fulcrum.log)"; tail -5 "$dir/fulcrum.log" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$started" ] || { fulcrum_say "fulcrum run did not start its checkers in 60 s (see $dir/fulcrum.log)"; exit 1; }
  echo "daemon: $started ($(bench_checks_rss "$pid") KiB RSS)"
  sleep "$warmup"

  # the SYNs of the probes, stamped by the kernel inside the daemon's connect()
  local dump_pid=""
  if command -v tcpdump >/dev/null; then
    "${run[@]}" tcpdump -i lo -n -s 64 -B 32768 -Z root --time-stamp-precision=nano -w "$dir/syns.pcap" \
      "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn and dst portrange $tcp_base-$((http_base + http - 1))" \
      2>"$dir/tcpdump.err" &
    dump_pid=$!
    BENCH_PIDS+=("$dump_pid")
    for i in $(seq 1 50); do grep -q 'listening on' "$dir/tcpdump.err" && break; sleep 0.1; done
    if ! grep -q 'listening on' "$dir/tcpdump.err" || ! kill -0 "$dump_pid" 2>/dev/null; then
      fulcrum_say "tcpdump did not start ($(head -1 "$dir/tcpdump.err")): lateness from the listener's accept times only"
      kill "$dump_pid" 2>/dev/null || true
      dump_pid=""
    fi
  else
    fulcrum_say "no tcpdump: lateness from the listener's accept times only (apt-get install tcpdump)"
  fi
  local hz cpu0 cpu1 lcpu0 lcpu1 dcpu0=0 dcpu1=0 t0 t1 m0 m1
  hz=$(getconf CLK_TCK)
  [ -n "$dump_pid" ] && dcpu0=$(bench_checks_ticks "$dump_pid")
  local gc0
  gc0=$(bench_checks_gc "$pid")
  m0=$(bench_checks_machine_ticks)
  cpu0=$(bench_checks_ticks "$pid"); lcpu0=$(bench_checks_ticks "$targets_pid")
  local us0 us1
  us0=$(bench_checks_user_system "$pid")
  t0=$(date +%s%N)
  echo mark >&"${TARGETS[1]}"
  local load_start
  load_start=$(cut -d' ' -f1-3 /proc/loadavg)
  # each second: the CPU of the daemon, of the listeners + tcpdump, and of everything else on the machine
  local rss_max=0 rss s prev now
  prev="$(date +%s%N) $(bench_checks_machine_ticks) $cpu0 $((lcpu0 + dcpu0))"
  : > "$dir/timeline.txt"
  for s in $(seq 1 "$window"); do
    # just past the next whole second of the wall clock: one sample per second, stamped with that second
    sleep "$(awk -v n="$(date +%N)" 'BEGIN {printf "%.3f", 1.02 - n / 1e9}')"
    rss=$(bench_checks_rss "$pid")
    [ "$rss" -gt "$rss_max" ] && rss_max=$rss
    local ours=$(bench_checks_ticks "$targets_pid")
    [ -n "$dump_pid" ] && ours=$((ours + $(bench_checks_ticks "$dump_pid")))
    now="$(date +%s%N) $(bench_checks_machine_ticks) $(bench_checks_ticks "$pid") $ours"
    # fields: wall ns, machine busy ticks, machine total ticks, daemon ticks, listeners + tcpdump ticks
    awk -v a="$prev" -v b="$now" -v hz="$hz" 'BEGIN {
      split(a, x); split(b, y); t = (y[1] - x[1]) / 1e9
      d = (y[4] - x[4]) / hz / t; l = (y[5] - x[5]) / hz / t; m = (y[2] - x[2]) / hz / t
      printf "%d %.2f %.2f %.2f\n", int(y[1] / 1e9), d, l, (m - d - l < 0 ? 0 : m - d - l) }' >> "$dir/timeline.txt"
    prev=$now
  done
  cpu1=$(bench_checks_ticks "$pid"); lcpu1=$(bench_checks_ticks "$targets_pid")
  us1=$(bench_checks_user_system "$pid")
  [ -n "$dump_pid" ] && dcpu1=$(bench_checks_ticks "$dump_pid")
  t1=$(date +%s%N)
  m1=$(bench_checks_machine_ticks)
  [ -n "$dump_pid" ] && { kill -INT "$dump_pid" 2>/dev/null || true; wait "$dump_pid" 2>/dev/null || true; }
  echo report >&"${TARGETS[1]}"
  local report=""
  while read -r -t 30 line <&"${TARGETS[0]}"; do
    [ "$line" = end ] && break
    report+="$line"$'\n'
  done
  local gc1
  gc1=$(bench_checks_gc "$pid")
  local syn_report=""
  if [ -n "$dump_pid" ]; then
    syn_report=$("$JAVA_HOME/bin/java" -cp "$cp" io.fulcrum.bench.SynIntervals "$dir/syns.pcap" \
      "$tcp_base" "$tcp" "$http_base" "$http" 1000 "$dir/seconds.txt")
    syn_report+=$'\n'"tcpdump: $(grep -E 'captured|dropped by kernel' "$dir/tcpdump.err" | tr '\n' ',' | sed 's/,$//; s/,/, /g')"
  fi
  local threads rss_end
  rss_end=$(bench_checks_rss "$pid")
  threads=$(ls "/proc/$pid/task" | wc -l)
  local heap_info live
  heap_info=$("$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info 2>/dev/null | sed -n '2,3p' | sed 's/^ *//')
  live=$("$JAVA_HOME/bin/jcmd" "$pid" GC.class_histogram 2>/dev/null | awk '$1 == "Total" {print $3}')
  local load_end
  load_end=$(cut -d' ' -f1-3 /proc/loadavg)

  local wall cores lcores dcores busy
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
  cores=$(awk -v a="$cpu0" -v b="$cpu1" -v hz="$hz" -v t="$wall" 'BEGIN {printf "%.3f", (b - a) / hz / t}')
  lcores=$(awk -v a="$lcpu0" -v b="$lcpu1" -v hz="$hz" -v t="$wall" 'BEGIN {printf "%.3f", (b - a) / hz / t}')
  dcores=$(awk -v a="$dcpu0" -v b="$dcpu1" -v hz="$hz" -v t="$wall" 'BEGIN {printf "%.3f", (b - a) / hz / t}')
  busy=$(awk -v a="$m0" -v b="$m1" -v hz="$hz" -v t="$wall" 'BEGIN {split(a, x); split(b, y); printf "%.2f", (y[1] - x[1]) / hz / t}')
  local removals failure_lines up_lines
  removals=$(grep -c 'Removing service' "$dir/fulcrum.log" || true)
  failure_lines=$(grep -v 'Configuration ' "$dir/fulcrum.log" | grep -c -E 'failed|timedout|Timeout|[Ee]rror' || true)
  up_lines=$(grep -c -E 'success\.|succeed on service' "$dir/fulcrum.log" || true)

  echo "load average: at the window's start $load_start, at its end $load_end"
  echo
  echo "== the daemon over the ${wall} s window =="
  printf 'CPU: %s cores (utime+stime %s s: user %s, system %s), %d%% of the target (under 1 core)\n' "$cores" \
    "$(awk -v a="$cpu0" -v b="$cpu1" -v hz="$hz" 'BEGIN {printf "%.1f", (b - a) / hz}')" \
    "$(awk -v a="$us0" -v b="$us1" -v hz="$hz" 'BEGIN {split(a, x); split(b, y); printf "%.1f s", (y[1] - x[1]) / hz}')" \
    "$(awk -v a="$us0" -v b="$us1" -v hz="$hz" 'BEGIN {split(a, x); split(b, y); printf "%.1f s", (y[2] - x[2]) / hz}')" \
    "$(awk -v c="$cores" 'BEGIN {printf "%d", c * 100 + 0.5}')"
  local probes_per_s
  probes_per_s=$(awk '/^connections in window:/ {gsub(/[(,]/, " "); gsub(/\/s\)/, " "); print $6 + $9}' <<<"$report")
  printf 'CPU per probe: %s us (%s probes/s, from the listeners'"'"' count)\n' \
    "$(awk -v c="$cores" -v n="$probes_per_s" 'BEGIN {printf "%.1f", (n > 0 ? c * 1e6 / n : 0)}')" "$probes_per_s"
  echo "RSS: $rss_end KiB at the window's end, $rss_max KiB highest sampled (each second), $(bench_checks_rss "$pid") KiB after the full GC below; VmHWM $(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status") KiB"
  echo "heap (jcmd GC.heap_info): $heap_info"
  echo "live heap after a full GC (jcmd GC.class_histogram): $((live / 1024)) KiB"
  echo "threads (platform, all kinds): $threads"
  awk -v a="$gc0" -v b="$gc1" -v t="$wall" 'BEGIN {
    split(a, x); split(b, y)
    if (x[1] == "" || y[1] == "") { print "GC: (no perf counters)"; exit }
    printf "GC pauses in the window: %d young/mixed, %d remark/cleanup, %d full; %.1f ms in all (%.2f%% of the time)\n",
      y[1] - x[1], y[3] - x[3], y[2] - x[2], (y[4] - x[4]) * 1000, (y[4] - x[4]) * 100 / t }'
  echo "listener process CPU: $lcores cores; tcpdump: $dcores cores; whole machine busy: $busy of $(nproc) cores"
  local p99 source
  if [ -n "$syn_report" ]; then
    echo
    echo "== the checks on the wire: SYNs (lateness = interval between two probes of one port - 1 s) =="
    printf '%s\n' "$syn_report"
    p99=$(awk '$1 == "all" {for (i = 1; i < NF; i++) if ($i == "p99") print $(i + 1)}' <<<"$syn_report")
    source="SYNs on the wire"
  fi
  if [ -s "$dir/seconds.txt" ]; then
    echo
    echo "== second by second: CPU (cores) of the daemon, of the listeners + tcpdump, of everything else; lateness of"
    echo "   the probes that began in that second (ms); only the seconds where the p99 lateness was over 20 ms or"
    echo "   other processes took over 0.1 core =="
    awk 'NR == FNR {c[$1] = $2 " " $3 " " $4; next}
      FNR == 1 {first = $1}
      { # the sample stamped S+1 covers the second S..S+1 of the SYNs (give or take 20 ms)
        cpu = ($1 + 1) in c ? c[$1 + 1] : "- - -"; split(cpu, x); total++
        if ($4 > 20 || x[3] > 0.1) { shown++
          printf "+%2d s  daemon %s  listeners %s  others %s  probes %5d  p50 %6.1f  p99 %6.1f  max %6.1f\n",
            $1 - first, x[1], x[2], x[3], $2, $3, $4, $5 } }
      END { printf "(%d of %d seconds shown)\n", shown, total }' "$dir/timeline.txt" "$dir/seconds.txt"
  fi
  echo
  echo "== the checks as the real servers accepted them (lateness = interval between two accepts on one port - 1 s) =="
  printf '%s' "$report"
  if [ -z "${p99:-}" ]; then
    p99=$(awk '$1 == "all" {for (i = 1; i < NF; i++) if ($i == "p99") print $(i + 1)}' <<<"$report")
    source="the listener's accept times"
  fi
  echo
  echo "== verdicts =="
  printf 'CPU %s cores: target under 1 core: %s (%s of the target)\n' "$cores" \
    "$(awk -v c="$cores" 'BEGIN {print (c < 1 ? "met" : "missed")}')" "$(awk -v c="$cores" 'BEGIN {printf "%.2f", c}')"
  printf 'p99 lateness %s ms (%s): target under 100 ms: %s (%s of the target)\n' "${p99:-?}" "$source" \
    "$(awk -v p="${p99:-1e9}" 'BEGIN {print (p < 100 ? "met" : "missed")}')" \
    "$(awk -v p="${p99:-0}" 'BEGIN {printf "%.2f", p / 100}')"
  echo "'Removing service' lines in the daemon's log: $removals (must be 0: $([ "$removals" -eq 0 ] && echo met || echo missed))"
  echo "checker up lines: $up_lines (one per checker at its first success); failure lines: $failure_lines"
  echo "(files: $dir)"
  [ "${EXPERIMENT:-0}" = 1 ] && bench_checks_experiment
  return 0
}

# EXPERIMENT=1: with the daemon stopped, the same checkers in a plain JVM against the same listeners, run by
# CheckRunner as the daemon runs them, with each probe run on its checker's own virtual thread, and all in turn on
# one platform thread (io.fulcrum.bench.CheckLoopExperiment): what the runner's threading costs, apart from the
# rest of the daemon, and what the probes cost however they are scheduled.
bench_checks_experiment() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local ew=${EXPERIMENT_WINDOW:-40} mode
  echo
  echo "== experiment: the checkers alone in a plain JVM: CheckRunner (runner), the probe on the checker's own"
  echo "   virtual thread (inline), all probes in turn on one platform thread (sequential); 20 s warm-up, ${ew} s =="
  for mode in runner inline sequential runner inline sequential; do
    # shellcheck disable=SC2086 # java_opts is a list of flags
    "${run[@]}" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED $java_opts -cp "$cp" \
      io.fulcrum.bench.CheckLoopExperiment "$mode" "$dir/checks.conf" 20 "$ew" 2>>"$dir/experiment.err"
  done
}

# utime + stime (clock ticks) of a process, all its threads
bench_checks_ticks() {
  awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat"
}

# utime and stime (clock ticks) of a process
bench_checks_user_system() {
  awk '{sub(/^.*\) /, ""); print $12, $13}' "/proc/$1/stat"
}

# busy and total clock ticks of the whole machine
bench_checks_machine_ticks() {
  awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat
}

# G1 pauses so far from the JVM's perf counters: "young_and_mixed_count full_count remark_cleanup_count seconds"
bench_checks_gc() {
  "$JAVA_HOME/bin/jcmd" "$1" PerfCounter.print 2>/dev/null | awk -F= '
    /^sun.os.hrt.frequency=/ {f = $2}
    /^sun.gc.collector.[0-9].invocations=/ {split($1, k, "."); n[k[4]] = $2}
    /^sun.gc.collector.[0-9].time=/ {t += $2}
    END { if (f > 0) printf "%d %d %d %.6f\n", n[0], n[1], n[2], t / f }'
}

bench_checks_rss() {
  awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0
}

bench_checks_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${BENCH_PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  if [ -n "$BENCH_NS" ]; then ip netns del "$BENCH_NS" 2>/dev/null || true; fi
}
