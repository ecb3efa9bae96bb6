# bin/bench proxy: wrk through Fulcrum's full-NAT proxy, HAProxy (mode tcp), nginx stream, and direct to an nginx
# static backend, in interleaved rounds; then the resident memory of 10,000 idle connections through each proxy.
# Sourced by bin/bench (uses its machine, test_classpath and $out). As root it runs inside its own network
# namespace (loopback only); otherwise on the host's loopback. Idle connections are capped by the open-file limit.
# Tunables: ROUNDS (3), DURATION (10 s per wrk run), WARMUP (15 s per target and mode, not recorded: the JIT compiles
# Fulcrum's hot paths; measured under Connection: close, its compiler threads took 1.6, 1.7 and 0.9 s of CPU in the
# first three 5-s windows of a fresh Fulcrum on this 2-core machine, and next to none after that; with 5 s they
# still competed with the proxy in the first rounds), IDLE (10000), CONNS (50), FULCRUM_BENCH_JAVA_OPTS (Fulcrum's
# JVM flags, default below).

bench_proxy() {
  [ "$(id -u)" -eq 0 ] && fulcrum_ensure_packages haproxy nginx libnginx-mod-stream wrk iproute2
  local p
  for p in haproxy nginx wrk; do
    command -v "$p" >/dev/null || { fulcrum_say "bench proxy needs $p (apt-get install haproxy nginx libnginx-mod-stream wrk)"; exit 1; }
  done
  fulcrum_find_jdk
  fulcrum_build_if_stale
  local cp
  cp=$(test_classpath)
  local dir="$out/proxy"
  rm -rf "$dir"
  mkdir -p "$dir/www"
  local rounds=${ROUNDS:-3} duration=${DURATION:-10} warmup=${WARMUP:-15} idle=${IDLE:-10000} conns=${CONNS:-50}
  # Fulcrum's JVM: a fixed 512 MiB heap (the default would be a quarter of the machine's memory) with G1
  local java_opts=${FULCRUM_BENCH_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseG1GC}

  local ns="" run=()
  fulcrum_bench_netns "fulcrum-bench-$$"
  BENCH_PIDS=()
  BENCH_DIR=$dir
  BENCH_NS=$ns
  trap bench_proxy_cleanup EXIT
  # each proxied idle connection costs the proxy two descriptors; one process can't go past the hard limit
  local limit
  fulcrum_raise_nofile
  if [ $((2 * idle + 1000)) -gt "$limit" ]; then
    fulcrum_say "open-file limit $limit: measuring $(( (limit - 1000) / 2 )) idle connections instead of $idle"
    idle=$(( (limit - 1000) / 2 ))
  fi

  # a static page of nginx's default size as the backend
  head -c 612 /dev/zero | tr '\0' 'x' > "$dir/www/index.html"
  cat > "$dir/backend.conf" <<EOF
worker_processes 1;
pid $dir/backend.pid;
error_log $dir/backend.err;
events { worker_connections 65536; }
http {
  access_log off;
  server { listen 127.0.0.1:8081 backlog=4096; root $dir/www; }
}
EOF
  cat > "$dir/haproxy.cfg" <<EOF
global
  maxconn $(( (limit - 100) / 2 ))
  pidfile $dir/haproxy.pid
defaults
  mode tcp
  timeout connect 5s
  timeout client 120s
  timeout server 120s
frontend fe
  bind 127.0.0.1:8082
  default_backend be
backend be
  server backend 127.0.0.1:8081
EOF
  cat > "$dir/stream.conf" <<EOF
load_module /usr/lib/nginx/modules/ngx_stream_module.so;
worker_processes auto;
pid $dir/stream.pid;
error_log $dir/stream.err;
events { worker_connections 65536; }
stream {
  server { listen 127.0.0.1:8083 backlog=4096; proxy_pass 127.0.0.1:8081; }
}
EOF
  local vport
  for vport in 8084 8085; do
    cat > "$dir/fulcrum-$vport.conf" <<EOF
virtual_server 127.0.0.1 $vport {
    protocol TCP
    lvs_sched rr
    lvs_method FNAT
    real_server 127.0.0.1 8081 {
    }
}
EOF
  done
  "${run[@]}" nginx -c "$dir/backend.conf" -p "$dir"
  "${run[@]}" haproxy -D -f "$dir/haproxy.cfg"
  "${run[@]}" nginx -c "$dir/stream.conf" -p "$dir"
  local fulcrum_pid epoll_pid
  # the same proxy on Netty's native epoll (--proxy-io epoll), for its ratio to the default transport (io_uring)
  bench_proxy_start_fulcrum 8085 --proxy-io epoll
  epoll_pid=$fulcrum_pid
  bench_proxy_start_fulcrum

  local targets=(direct:8081 haproxy:8082 nginx-stream:8083 fulcrum:8084 fulcrum-epoll:8085) t name port
  for t in "${targets[@]}"; do
    bench_proxy_await 127.0.0.1 "${t#*:}" || { fulcrum_say "${t%%:*} does not accept on 127.0.0.1:${t#*:} (see $dir)"; exit 1; }
  done

  machine
  echo "haproxy: $(haproxy -v | head -1)"
  echo "nginx: $(nginx -v 2>&1)"
  echo "wrk: -t2 -c$conns -d${duration}s, $rounds interleaved rounds after a ${warmup}s warm-up of each; backend nginx static 612-byte page"
  echo "fulcrum jvm: $java_opts"
  echo
  local results="$dir/results.txt"
  : > "$results"
  local mode r
  if [ "$warmup" -gt 0 ]; then
    for mode in keepalive close; do
      for t in "${targets[@]}"; do
        local warm=()
        [ "$mode" = close ] && warm=(-H "Connection: close")
        "${run[@]}" wrk -t2 -c"$conns" -d"${warmup}s" "${warm[@]}" "http://127.0.0.1:${t#*:}/" >/dev/null 2>&1 || true
      done
    done
  fi
  for mode in keepalive close; do
    for r in $(seq 1 "$rounds"); do
      for t in "${targets[@]}"; do
        name=${t%%:*}; port=${t#*:}
        local hdr=()
        [ "$mode" = close ] && hdr=(-H "Connection: close")
        local o
        o=$("${run[@]}" wrk -t2 -c"$conns" -d"${duration}s" --latency "${hdr[@]}" "http://127.0.0.1:$port/" 2>&1)
        local rps p99 errs
        rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$o")
        p99=$(awk '$1 == "99%" {print $2}' <<<"$o")
        errs=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$o" | tr '\n' ' ')
        echo "$mode $name $rps $(bench_proxy_ms "$p99")" >> "$results"
        printf '%-9s round %d %-13s %10s req/s  p99 %s %s\n' "$mode" "$r" "$name" "$rps" "$p99" "$errs"
      done
    done
  done
  echo
  echo "== medians (req/s, p99 ms) and ratios Fulcrum/HAProxy =="
  for mode in keepalive close; do
    for t in "${targets[@]}"; do
      name=${t%%:*}
      printf '%-9s %-13s %10s req/s  p99 %8s ms\n' "$mode" "$name" \
        "$(bench_proxy_median "$results" "$mode" "$name" 3)" "$(bench_proxy_median "$results" "$mode" "$name" 4)"
    done
    awk -v m="$mode" -v f="$(bench_proxy_median "$results" "$mode" fulcrum 3)" \
        -v h="$(bench_proxy_median "$results" "$mode" haproxy 3)" \
        -v fl="$(bench_proxy_median "$results" "$mode" fulcrum 4)" \
        -v hl="$(bench_proxy_median "$results" "$mode" haproxy 4)" \
        'BEGIN { printf "%-9s ratio fulcrum/haproxy: throughput %.2f, p99 %.2f\n", m, (h > 0 ? f / h : 0), (hl > 0 ? fl / hl : 0) }'
    awk -v m="$mode" -v f="$(bench_proxy_median "$results" "$mode" fulcrum 3)" \
        -v u="$(bench_proxy_median "$results" "$mode" fulcrum-epoll 3)" \
        'BEGIN { printf "%-9s ratio fulcrum-epoll/fulcrum (io_uring, the default): throughput %.2f\n", m, (f > 0 ? u / f : 0) }'
  done
  kill "$epoll_pid" 2>/dev/null || true; wait "$epoll_pid" 2>/dev/null || true

  echo
  echo "== resident memory of $idle idle connections (client and backend connections both open) =="
  echo "(Fulcrum is restarted first: a JVM keeps the heap pages the throughput rounds touched, which would hide"
  echo " what the idle connections take; 'live heap' is the heap in use after a full GC, from jcmd GC.class_histogram)"
  local pids live_before=""
  for t in haproxy:8082 nginx-stream:8083 fulcrum:8084; do
    name=${t%%:*}; port=${t#*:}
    case $name in
      haproxy) pids=$(cat "$dir/haproxy.pid") ;;
      nginx-stream) pids="$(cat "$dir/stream.pid") $(pgrep -P "$(cat "$dir/stream.pid")" | tr '\n' ' ')" ;;
      fulcrum)
        kill "$fulcrum_pid" 2>/dev/null || true; wait "$fulcrum_pid" 2>/dev/null || true
        bench_proxy_start_fulcrum
        bench_proxy_await 127.0.0.1 8084 || { fulcrum_say "fulcrum did not restart (see $dir/fulcrum-8084.log)"; exit 1; }
        sleep 2
        live_before=$(bench_proxy_live_heap "$fulcrum_pid")
        pids=$fulcrum_pid ;;
    esac
    local before after
    before=$(bench_proxy_rss $pids)
    coproc IDLE_CLIENT { "${run[@]}" "$JAVA_HOME/bin/java" -cp "$cp" io.fulcrum.bench.IdleConnections 127.0.0.1 "$port" "$idle"; }
    local line=""
    read -r line <&"${IDLE_CLIENT[0]}" || true
    sleep 2
    after=$(bench_proxy_rss $pids)
    local live=""
    if [ -n "$live_before" ]; then
      local live_after
      live_after=$(bench_proxy_live_heap "$fulcrum_pid")
      live=$(printf '; live heap %d KiB -> %d KiB, %d bytes per idle connection' $((live_before / 1024)) \
        $((live_after / 1024)) $(( (live_after - live_before) / idle )))
    fi
    echo "done" >&"${IDLE_CLIENT[1]}"
    wait "$IDLE_CLIENT_PID" 2>/dev/null || true
    printf '%-13s %s: RSS %d KiB -> %d KiB, %d bytes per idle connection%s\n' "$name" "${line:-failed}" \
      "$before" "$after" $(( (after - before) * 1024 / idle )) "$live"
    sleep 1
  done
}

# starts `fulcrum run` on $dir/fulcrum-PORT.conf (PORT: $1, default 8084; in the namespace) with $java_opts and
# any further arguments; sets fulcrum_pid
bench_proxy_start_fulcrum() {
  local vport=${1:-8084}
  [ $# -gt 0 ] && shift
  # shellcheck disable=SC2086 # java_opts is a list of flags
  "${run[@]}" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED $java_opts -jar "$FULCRUM_JAR" run \
    -f "$dir/fulcrum-$vport.conf" --socket "$dir/fulcrum-$vport.sock" "$@" >> "$dir/fulcrum-$vport.log" 2>&1 &
  fulcrum_pid=$!
  BENCH_PIDS+=("$fulcrum_pid")
}

# waits up to 20 s until HOST:PORT accepts a connection (in the namespace)
bench_proxy_await() {
  local i
  for i in $(seq 1 100); do
    "${run[@]}" bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}

# bytes of live objects in a JVM's heap (a full GC first): the total of jcmd GC.class_histogram
bench_proxy_live_heap() {
  "$JAVA_HOME/bin/jcmd" "$1" GC.class_histogram 2>/dev/null | awk '$1 == "Total" {print $3}'
}

bench_proxy_cleanup() {
  local pid f
  for pid in "${BENCH_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for f in "$BENCH_DIR"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  sleep 0.5
  if [ -n "$BENCH_NS" ]; then ip netns del "$BENCH_NS" 2>/dev/null || true; fi
}

# median of column COL for rows "MODE NAME ..." of FILE
bench_proxy_median() {
  awk -v m="$2" -v n="$3" -v c="$4" '$1 == m && $2 == n {print $c}' "$1" | sort -g |
    awk '{v[NR] = $1} END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# wrk latency (e.g. 1.23ms, 850.00us, 1.02s) in milliseconds
bench_proxy_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 }
    else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 }
    else print 0 }'
}

# summed VmRSS (KiB) of the given processes
bench_proxy_rss() {
  local total=0 pid kb
  for pid in "$@"; do
    kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    total=$((total + ${kb:-0}))
  done
  echo "$total"
}
