#!/usr/bin/env bash
# Wire benchmarks (docs/benchmarks.md, issues #5 and #6). Starts a durable (fsync) server on a free
# loopback port with a fresh data folder, the way users do (scripts/accrete serve --port P --data DIR),
# waits for GET /health, runs, then stops it with SIGTERM.
#
#   bench/run-wire.sh http   # issue #5: wrk (bench/wrk/*.lua) on GET /db, POST /q, POST /transact, 32 connections
#   bench/run-wire.sh sdk    # issue #6: io.accrete.bench.wire.SdkBench, SDK over HTTP beside the engine in-process
#   bench/run-wire.sh all    # both
#
# Environment: RUNS (3) measured runs per wrk workload, each DURATION (10s) after a WARMUP (15s) run;
# CONNS (32) wrk connections on THREADS (2) wrk threads; SEED (10000) people seeded for the lookups;
# SERVER_JAR to have scripts/accrete run a given shaded server jar instead of building its own;
# BUILD_DIR (target) where bench/ was built (mvn -pl bench -am install); SDK_RUNS (3) SdkBench runs, each
# against a fresh server; SDK_SIDES ("engine sdk") the sides, each run in its own JVM; SDK_ARGS extra SdkBench flags; BENCH_JAVA_OPTS for the SdkBench JVM;
# SERVER_JAVA_OPTS to replace scripts/accrete's default JVM options, e.g. with a JFR recording added.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
what="${1:-all}"
RUNS="${RUNS:-3}"; DURATION="${DURATION:-10s}"; WARMUP="${WARMUP:-15s}"
SDK_RUNS="${SDK_RUNS:-3}"; SDK_SIDES="${SDK_SIDES:-engine sdk}"; CONNS="${CONNS:-32}"; THREADS="${THREADS:-2}"; SEED="${SEED:-10000}"; BUILD_DIR="${BUILD_DIR:-target}"

server_pid=""
data=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
  if [ -n "$data" ]; then rm -rf "$data"; data=""; fi
}
trap stop_server EXIT

start_server() {
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  data="$(mktemp -d /tmp/accrete-wire.XXXXXX)"
  url="http://127.0.0.1:$port"
  # The server runs the way users run it, with the launcher's JVM options unless told otherwise.
  if [ -n "${SERVER_JAVA_OPTS:-}" ]; then export ACCRETE_JAVA_OPTS="$SERVER_JAVA_OPTS"; else unset ACCRETE_JAVA_OPTS; fi
  if [ -n "${SERVER_JAR:-}" ]; then export ACCRETE_JAR="$SERVER_JAR"; else unset ACCRETE_JAR; fi
  export ACCRETE_CONFIG="$root/config/accrete.properties"
  scripts/accrete serve --port "$port" --data "$data" > "$data.server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 600); do
    if curl -fs "$url/health" > /dev/null 2>&1; then echo "server: pid $server_pid on $url, data $data (durability FSYNC)"; return; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then cat "$data.server.log" >&2; echo "server did not start" >&2; exit 1; fi
    sleep 0.2
  done
  echo "server did not answer /health" >&2; exit 1
}

edn() { curl -fsS -H 'Content-Type: application/edn' -H 'Accept: application/edn' --data-binary @- "$url$1"; }

seed() {
  echo '{:tx-data [{:db/ident :person/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}
   {:db/ident :person/email :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
   {:db/ident :person/age :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
   {:db/ident :person/city :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
   {:db/ident :person/friend :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}]}' | edn /transact > /dev/null
  for ((from = 0; from < SEED; from += 1000)); do
    awk -v from="$from" -v to="$((from + 1000 < SEED ? from + 1000 : SEED))" 'BEGIN {
      printf "{:tx-data ["
      for (i = from; i < to; i++)
        printf "{:person/name \"person-%d\" :person/email \"person-%d@example.com\" :person/age %d :person/city \"city-%d\"}", i, i, i % 90, i % 50
      print "]}" }' | edn /transact > /dev/null
  done
  friend="$(echo '{:query [:find ?e . :in $ ?n :where [?e :person/name ?n]] :args ["person-0"]}' | edn /q)"
  echo "seeded $SEED people; person-0 is entity $friend"
}

# user+system CPU ticks the server process has used so far
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }

# wrk_runs LABEL SCRIPT ARGS...: a warm-up run, then RUNS measured ones; prints each and the medians.
wrk_runs() {
  local label="$1" script="$2"; shift 2
  wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -s "$script" "$url" -- "$@" > /dev/null
  local out=""
  for ((r = 1; r <= RUNS; r++)); do
    local line c0 c1 load
    load="$(cut -d' ' -f1 /proc/loadavg)"
    c0="$(cpu_ticks)"
    line="$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" -s "$script" "$url" -- "$@" | grep '^RESULT')"
    c1="$(cpu_ticks)"
    # the server's own CPU time (user+sys) per request: steadier than throughput on a shared machine
    line+=" server_cpu_us=$(awk -v d="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" -v n="$(echo "$line" | sed 's/.*requests=\([0-9]*\).*/\1/')" \
      'BEGIN { printf "%.0f", d * 1e6 / hz / n }') load1=$load"
    echo "  run $r: ${line#RESULT }"
    out+="$line"$'\n'
  done
  printf '%s' "$out" | awk -v label="$label" '
    function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    { n++; for (f = 3; f <= NF; f++) { split($f, kv, "="); v[kv[1], n] = kv[2] } }
    END { split("rate p50_us p99_us non2xx socket_errors server_cpu_us", ks, " ")
          for (k = 1; k <= 6; k++) { for (i = 1; i <= n; i++) a[i] = v[ks[k], i] + 0; m[ks[k]] = median(a, n) }
          printf "MEDIAN %-9s %8.0f req/s   p50 %6.2f ms   p99 %6.2f ms   server CPU %4.0f µs/req   (median of %d runs; non-2xx %d, socket errors %d)\n",
                 label, m["rate"], m["p50_us"] / 1000, m["p99_us"] / 1000, m["server_cpu_us"], n, m["non2xx"], m["socket_errors"] }'
}

http_bench() {
  command -v wrk > /dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }
  start_server
  seed
  echo "wrk: $THREADS threads, $CONNS connections, $RUNS x $DURATION after a $WARMUP warm-up, server and wrk on this machine"
  echo "GET /db"
  wrk_runs "GET /db" bench/wrk/db.lua
  echo "POST /q (unique lookup)"
  wrk_runs "/q" bench/wrk/q.lua "$SEED"
  echo "POST /transact (1 entity, 5 attributes incl. a ref)"
  wrk_runs "/transact" bench/wrk/transact.lua "$friend" "t$(date +%s)"
  local after
  after="$(curl -fsS -H 'Accept: application/edn' "$url/db")"
  echo "after: $after"
  stop_server
}

sdk_bench() {
  local cp="bench/$BUILD_DIR/classpath.txt"
  [ -f "$cp" ] || { echo "build first: mvn -B -q -pl bench -am -Dmaven.test.skip=true install" >&2; exit 1; }
  for ((r = 1; r <= SDK_RUNS; r++)); do
    echo "SDK run $r of $SDK_RUNS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    # Each side in its own JVM, back to back: sharing one, the SDK side measured ~3,500 tx/s from
    # 16 threads where it measured 5,100-5,900 alone (docs/benchmarks.md, stop 14). A client's JVM
    # does not also run a database engine.
    for side in $SDK_SIDES; do
      if [ "$side" = sdk ]; then start_server; fi
      java ${BENCH_JAVA_OPTS:-} -cp "bench/$BUILD_DIR/classes:$(cat "$cp")" io.accrete.bench.wire.SdkBench --sides "$side" \
        $( [ "$side" = sdk ] && echo "--url $url --server-pid $server_pid" ) ${SDK_ARGS:-} 2> >(grep -v ' INFO ' >&2)
      if [ "$side" = sdk ]; then stop_server; fi
    done
  done
}

case "$what" in
  http) http_bench ;;
  sdk) sdk_bench ;;
  all) http_bench; sdk_bench ;;
  *) echo "usage: bench/run-wire.sh [http|sdk|all]" >&2; exit 2 ;;
esac
