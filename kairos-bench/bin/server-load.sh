#!/usr/bin/env bash
# Feature server load test (issue 5): builds Kairos, creates a repository with one feature view of
# 50 features, ingests synthetic users, materializes them into RocksDB and (in a second repository)
# into Redis, starts `kairos serve` on each and drives it with real load generators:
#   h2load  unary gRPC (pre-encoded length-prefixed protobuf body) and HTTP/JSON (h2c):
#           paced  a fixed offered rate of evenly spaced, open-loop requests (paced-h2load.sh:
#                  h2load timing scripts, several one-connection processes);
#           burst  the same rate through h2load --rps, which releases it in bursts of 20
#                  requests every 10 ms (1-entity requests and the floor only);
#           saturated;
#   wrk     HTTP/1.1 JSON, saturated.
# Scenarios: 1 entity x 50 features and 100 entities x 50 features, and as floors GET /healthz at
# the 1-entity rate (no work: what the generator, the kernel and the server's I/O cost) and, paced,
# a static file from nghttpd, a C server (the same without a JVM). In the same
# run it measures the raw Redis read of the same rows (redis-benchmark GET/MGET of the same keys,
# unpipelined and pipelined; and, paced at the same rate, from a small C client, paced-redis.c) and
# prints Kairos/raw ratios, and samples the server's resident memory under load. Every row states
# the steal during its measurement (the share of the vCPUs' time the hypervisor took).
# The markdown table is printed and written to kairos-bench/results/server.md.
#
# usage: kairos-bench/bin/server-load.sh [--quick] [--skip-build] [--jfr]
#   --quick       1,000 users, 3 s per measurement (a fast check); default 100,000 users, 20 s
#   --skip-build  reuse the jars in kairos-bench/target and kairos-cli/target
#   --jfr         record a JFR profile of each server into the work folder (kept, path printed)
# env: KAIROS_REDIS_URL (redis://127.0.0.1:6379/0), SERVER_OPTS (JVM options of the server,
#      default -Xms256m -Xmx256m), SERVER_PREFIX (a command the server runs under, e.g. "nice -n -10";
#      default none), RATE_1 / RATE_100 (offered req/s, default 2000 / 500), CONNS (16)
#      for a partial run (an A/B of two builds, see server-ab.sh): STORES ("rocksdb redis"),
#      ROWS ("1 100"), MODES ("paced burst saturated"), KAIROS_JAR (the CLI jar the server runs,
#      default kairos-cli/target/kairos.jar), REPORT_TO (default kairos-bench/results/server.md)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"

QUICK=0; BUILD=1; JFR=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --skip-build) BUILD=0 ;;
    --jfr) JFR=1 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "unknown option '$arg'; valid: --quick --skip-build --jfr --help" >&2; exit 2 ;;
  esac
done

if ((QUICK)); then USERS=1000; DUR=3; WARM=1; else USERS=100000; DUR=20; WARM=10; fi
RATE_1=${RATE_1:-2000}; RATE_100=${RATE_100:-500}; CONNS=${CONNS:-16}
STORES=${STORES:-rocksdb redis}; ROWS=${ROWS:-1 100}; MODES=${MODES:-paced burst saturated}
REPORT_TO=${REPORT_TO:-kairos-bench/results/server.md}
SERVER_OPTS=${SERVER_OPTS:--Xms256m -Xmx256m}
SERVER_PREFIX=${SERVER_PREFIX:-}
REDIS_URL=${KAIROS_REDIS_URL:-redis://127.0.0.1:6379/0}
hostport=${REDIS_URL#redis://}; hostport=${hostport##*@}; hostport=${hostport%%/*}
REDIS_HOST=${hostport%%:*}; REDIS_PORT=${hostport##*:}
REDIS_DB=${REDIS_URL##*/}; [[ "$REDIS_DB" =~ ^[0-9]+$ ]] || REDIS_DB=0
PREFIX="kbench$$"
PROJECT=serverbench

bash kairos-bench/bin/ensure-tools.sh
((BUILD)) && bash kairos-bench/bin/build.sh
BENCH="$ROOT/kairos-bench/target/benchmarks.jar"
PACED_REDIS="$ROOT/kairos-bench/target/paced-redis"
mkdir -p "$(dirname "$PACED_REDIS")"
gcc -O2 -Wall -o "$PACED_REDIS" kairos-bench/src/main/c/paced-redis.c
CLI="${KAIROS_JAR:-$ROOT/kairos-cli/target/kairos.jar}"
WORK=$(mktemp -d /tmp/kairos-server-load.XXXXXX)
SERVER_PID=""

rcli() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$REDIS_DB" "$@"; }
stop_server() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
REF_PID=""
cleanup() {
  stop_server
  if [[ -n "$REF_PID" ]]; then kill "$REF_PID" 2>/dev/null || true; fi
  rcli --scan --pattern "{$PREFIX:*" | xargs -r -n 500 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" \
    -n "$REDIS_DB" unlink >/dev/null 2>&1 || true
  if ((JFR)); then echo "work folder kept (JFR recordings): $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

kairos() { java -jar "$CLI" "$@"; }
log() { printf '\n== %s\n' "$*" >&2; }

# ---- data and repositories ----------------------------------------------------------------------
prepare_repo() { # store dir
  local store=$1 dir=$2
  if [[ $store == redis ]]; then
    java -cp "$BENCH" dev.kairos.bench.server.BenchRepo "$dir" "$USERS" 50 redis "$REDIS_URL" "$PREFIX"
  else
    java -cp "$BENCH" dev.kairos.bench.server.BenchRepo "$dir" "$USERS" 50 rocksdb
  fi
  (cd "$dir" && kairos apply >/dev/null && kairos ingest user_stats data/users.csv >/dev/null \
    && kairos materialize 2000-01-01T00:00:00Z 2100-01-01T00:00:00Z >/dev/null)
}

log "repositories: $USERS users x 50 features, RocksDB and Redis ($REDIS_URL, prefix $PREFIX)"
for store in $STORES; do prepare_repo "$store" "$WORK/$store"; done
has_mode() { [[ " $MODES " == *" $1 "* ]]; }
for rows in 1 100; do
  java -cp "$BENCH" dev.kairos.bench.server.RequestBodies "$WORK/bodies" "$rows" "$PREFIX" "$PROJECT"
done
mapfile -t keys < "$WORK/bodies/keys-100.txt"; found=$(rcli exists "${keys[@]}")
[[ " $STORES " != *" redis "* || "$found" == 100 ]] || { echo "expected 100 materialized Redis keys, found $found" >&2; exit 1; }

# ---- measurement helpers ------------------------------------------------------------------------
RESULTS="$WORK/results.tsv"   # store rows protocol tool mode offered achieved p50 p99 p999 errors
: > "$RESULTS"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_server() { # store
  local store=$1 jfr=""
  PORT=$(free_port)
  ((JFR)) && jfr="-XX:StartFlightRecording=filename=$WORK/server-$store.jfr,settings=profile"
  # shellcheck disable=SC2086
  $SERVER_PREFIX java $SERVER_OPTS $jfr -jar "$CLI" serve --repo "$WORK/$store" --host 127.0.0.1 --port "$PORT" \
    > "$WORK/server-$store.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "the server on $store did not become ready; its log:" >&2
  cat "$WORK/server-$store.log" >&2
  exit 1
}

check_answers() { # rows: the server answers both protocols with PRESENT values
  local rows=$1 out
  out=$(curl -s -D - --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' \
    --data-binary "@$WORK/bodies/grpc-$rows.bin" -o /dev/null \
    "http://127.0.0.1:$PORT/kairos.serving.v1.KairosServing/GetOnlineFeatures")
  grep -qi '^grpc-status: 0' <<<"$out" || { echo "gRPC check failed: $out" >&2; exit 1; }
  out=$(curl -s -X POST -H 'content-type: application/json' --data-binary "@$WORK/bodies/json-$rows.json" \
    "http://127.0.0.1:$PORT/get-online-features")
  grep -q '"PRESENT"' <<<"$out" && ! grep -q 'NOT_FOUND' <<<"$out" \
    || { echo "HTTP check failed: ${out:0:300}" >&2; exit 1; }
}

RSS_MAX=0
sample_rss() { # runs in the background while load runs; prints the max RSS in MB
  local max=0 r
  while kill -0 "$SERVER_PID" 2>/dev/null; do
    r=$(ps -o rss= -p "$SERVER_PID" 2>/dev/null | tr -d ' ') || true
    [[ -n "$r" && "$r" -gt "$max" ]] && max=$r && echo "$max" > "$WORK/rss"
    sleep 0.5
  done
}

percentiles() { # h2load log -> "p50 p99 p999 non200" in ms
  # Status 0: a request still in flight when a timed (-D) run ended; neither an error nor a latency.
  awk -F'\t' '$2 == 0 { next } { if ($2 != 200) bad++; print $3 }  END { print "BAD", bad+0 > "/dev/stderr" }' "$1" \
    2>"$1.bad" | sort -n | awk '{ v[NR] = $1 }
      function q(p,  i) { i = int(p * NR); if (i < p * NR) i++; if (i < 1) i = 1; return v[i] / 1000 }
      END { printf "%.3f %.3f %.3f", q(0.50), q(0.99), q(0.999) }'
  printf ' %s\n' "$(awk '{print $2}' "$1.bad")"
}

server_quantiles() { # before.prom after.prom metric endpoint-tag -> "p50 p99" in ms, from one of the
  # server's own latency histograms (the buckets' growth between two scrapes of /metrics)
  awk -v metric="$3_bucket{" -v ep="$4" '
    function le_of(line) { match(line, /le="[^"]+"/); return substr(line, RSTART + 4, RLENGTH - 5) }
    index($0, metric) == 1 && index($0, "endpoint=\"" ep "\"") {
      le = le_of($0); if (FILENAME == ARGV[1]) before[le] = $NF; else { after[le] = $NF; order[++n] = le } }
    END {
      total = after["+Inf"] - before["+Inf"]
      if (total <= 0) { print "- -"; exit }
      for (q = 1; q <= 2; q++) {
        want = (q == 1 ? 0.50 : 0.99) * total; out = "-"
        for (i = 1; i <= n; i++) {
          if (order[i] == "+Inf") continue
          if (after[order[i]] - before[order[i]] >= want) { out = sprintf("%.3f", order[i] * 1000); break }
        }
        printf "%s%s", out, (q == 1 ? " " : "\n")
      }
    }' "$1" "$2"
}

# The hypervisor's share: "steal" is time this VM's virtual CPUs were ready to run but the host ran
# something else. A request in flight then waits, whatever the server does; each row states it.
cpu_ticks() { awk '/^cpu / { print $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat; }
mark_steal() { STEAL_MARK=$(cpu_ticks); }
steal_since_mark() {
  awk -v a="$STEAL_MARK" -v b="$(cpu_ticks)" 'BEGIN { split(a, x, " "); split(b, y, " ")
    t = y[2] - x[2]; if (t > 0) printf "%.1f", 100 * (y[1] - x[1]) / t; else print "-" }'
}

result_row() { # one row of $RESULTS (tab-separated) with the steal since mark_steal, echoed to stderr
  (IFS=$'\t'; echo "$*"$'\t'"$(steal_since_mark)") | tee -a "$RESULTS" >&2
}

h2 () { # store rows protocol mode
  local store=$1 rows=$2 proto=$3 mode=$4 path req offered=- rate_args=() logf out achieved errs p50 p99 p999 bad
  if [[ $proto == grpc ]]; then
    path=/kairos.serving.v1.KairosServing/GetOnlineFeatures
    req=(-H 'content-type: application/grpc' -H 'te: trailers' -d "$WORK/bodies/grpc-$rows.bin")
  elif [[ $proto == http ]]; then
    path=/get-online-features
    req=(-H 'content-type: application/json' -d "$WORK/bodies/json-$rows.json")
  else # the floor: GET /healthz does no work, so it shows what the generator and the I/O add
    path=/healthz; req=()
  fi
  local url="http://127.0.0.1:$PORT$path"
  logf="$WORK/h2load-$store-$rows-$proto-$mode.log"
  if [[ $mode != saturated ]]; then offered=$([[ $rows == 100 ]] && echo "$RATE_100" || echo "$RATE_1"); fi
  if [[ $mode == paced ]]; then
    # Evenly spaced, open loop (see paced-h2load.sh). Warm-up: a saturated run gives the JIT volume,
    # then a paced one lets the server settle at the rate (the first minute at a low rate after a
    # saturated run still has a longer tail: compilations of the low-load paths, heap resizing).
    h2load -c 4 -m 16 -D "$WARM" -t 1 "${req[@]}" "$url" >/dev/null 2>&1
    bash kairos-bench/bin/paced-h2load.sh "$offered" "$WARM" "$WORK/paced" "$url" "${req[@]}" >/dev/null
    curl -s "http://127.0.0.1:$PORT/metrics" > "$WORK/metrics-before.prom"
    mark_steal
    read -r achieved errs < <(bash kairos-bench/bin/paced-h2load.sh "$offered" "$DUR" "$WORK/paced" "$url" "${req[@]}")
    curl -s "http://127.0.0.1:$PORT/metrics" > "$WORK/metrics-after.prom"
    cat "$WORK"/paced/paced-*.log > "$logf"
    read -r p50 p99 p999 bad < <(percentiles "$logf")
    local endpoint=none s50=- s99=- r50=- r99=-
    [[ $proto == grpc ]] && endpoint=kairos_grpc_get_online_features
    [[ $proto == http ]] && endpoint=http_get_online_features
    if [[ $endpoint != none ]]; then
      read -r s50 s99 < <(server_quantiles "$WORK/metrics-before.prom" "$WORK/metrics-after.prom" \
        kairos_request_duration_seconds "$endpoint")
      read -r r50 r99 < <(server_quantiles "$WORK/metrics-before.prom" "$WORK/metrics-after.prom" \
        kairos_online_read_duration_seconds reader)
    fi
    result_row "$store" "$rows" "$proto" h2load "$mode" "$offered" "$achieved" "$p50" "$p99" "$p999" \
      "$((errs + bad))" "$s50" "$s99" "$r50" "$r99"
    return
  fi
  if [[ $mode == burst ]]; then
    # h2load --rps: its timer wakes at most every 10 ms, so each wake-up releases 5 requests per
    # client (20 at once). The run is sized by -n (rate x duration); it follows the paced run of the
    # same request, so the server is warm.
    rate_args=(-c 4 -m 16 --rps $((offered / 4)) -n $((offered * DUR)))
  else
    rate_args=(-c "$CONNS" -m 4 -D "$DUR" --warm-up-time "$WARM")
  fi
  mark_steal
  out=$(h2load "${rate_args[@]}" -t 1 --log-file "$logf" "${req[@]}" "$url" 2>&1)
  achieved=$(grep -oE 'finished in [0-9.]+m?s, [0-9.]+ req/s' <<<"$out" | grep -oE '[0-9.]+ req/s' | cut -d' ' -f1)
  errs=$(grep -oE '[0-9]+ failed, [0-9]+ errored' <<<"$out" | awk '{print $1 + $3}')
  read -r p50 p99 p999 bad < <(percentiles "$logf")
  result_row "$store" "$rows" "$proto" h2load "$mode" "$offered" "${achieved%.*}" "$p50" "$p99" "$p999" \
    "$((errs + bad))" - - - -
}

wrk_sat() { # store rows
  local store=$1 rows=$2 line
  mark_steal
  line=$(wrk -t 1 -c "$CONNS" -d "${DUR}s" -s "$WORK/bodies/wrk-$rows.lua" \
    "http://127.0.0.1:$PORT/get-online-features" 2>&1 | grep '^WRK')
  eval "$(sed 's/^WRK //' <<<"$line")"   # rps p50_us p99_us p999_us errors
  result_row "$store" "$rows" http wrk saturated - "${rps%.*}" \
    "$(awk "BEGIN{printf \"%.3f\", $p50_us/1000}")" "$(awk "BEGIN{printf \"%.3f\", $p99_us/1000}")" \
    "$(awk "BEGIN{printf \"%.3f\", $p999_us/1000}")" "$errors" - - - -
}

# ---- reference floor and the kernel's own work --------------------------------------------------
# A small C server (nghttpd, static file) under the same paced generator: what the machine, the
# kernel and the generator cost with no JVM at all. Kairos' own /healthz row beside it shows what
# the JVM and Armeria add.
reference_floor() {
  local dir="$WORK/nghttpd" port logf achieved errs p50 p99 p999 bad
  mkdir -p "$dir" && echo '{"status":"UP"}' > "$dir/healthz"
  port=$(free_port)
  nghttpd --no-tls -d "$dir" "$port" >/dev/null 2>&1 & REF_PID=$!
  for _ in $(seq 1 50); do curl -sf --http2-prior-knowledge "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  bash kairos-bench/bin/paced-h2load.sh "$RATE_1" "$WARM" "$WORK/paced" "http://127.0.0.1:$port/healthz" >/dev/null
  mark_steal
  read -r achieved errs < <(bash kairos-bench/bin/paced-h2load.sh "$RATE_1" "$DUR" "$WORK/paced" "http://127.0.0.1:$port/healthz")
  kill "$REF_PID"; wait "$REF_PID" 2>/dev/null || true; REF_PID=""
  logf="$WORK/h2load-nghttpd-paced.log"
  cat "$WORK"/paced/paced-*.log > "$logf"
  read -r p50 p99 p999 bad < <(percentiles "$logf")
  result_row "reference: nghttpd (C)" 0 health h2load paced "$RATE_1" "$achieved" "$p50" "$p99" "$p999" \
    "$((errs + bad))" - - - -
}

# CPU time (ms) of the kernel's DAMON threads (kdamond: proactive memory reclaim, which some virtual
# machines run). On this machine's VM it takes a core for a few ms about twice a second, and any
# request waiting for that core waits with it: the report states how much it ran, where it runs.
kdamond_ms() {
  local total=0 pid run _
  for pid in $(pgrep '^kdamond' || true); do
    read -r run _ < "/proc/$pid/schedstat" 2>/dev/null || continue
    total=$((total + run / 1000000))
  done
  echo "$total"
}
# The raw Redis read of the same rows at the same paced rate, from a small C client (GET of the
# user's key, MGET of the 100 keys): what the Redis rows cost with no feature server in between.
RAW_REF="reference: raw Redis (C client)"
raw_redis_paced() { # rows
  local rows=$1 offered conns cmd achieved p50 p99 p999 errs
  mapfile -t keys < "$WORK/bodies/keys-$rows.txt"
  cmd=(GET "${keys[0]}"); ((rows > 1)) && cmd=(MGET "${keys[@]}")
  offered=$([[ $rows == 100 ]] && echo "$RATE_100" || echo "$RATE_1")
  conns=$(((offered + 399) / 400)) # as many connections as paced-h2load.sh runs processes
  "$PACED_REDIS" "$REDIS_HOST" "$REDIS_PORT" "$REDIS_DB" "$offered" "$WARM" "$conns" "${cmd[@]}" >/dev/null
  mark_steal
  read -r achieved p50 p99 p999 errs < <("$PACED_REDIS" "$REDIS_HOST" "$REDIS_PORT" "$REDIS_DB" \
    "$offered" "$DUR" "$conns" "${cmd[@]}")
  result_row "$RAW_REF" "$rows" resp paced-redis paced "$offered" "$achieved" \
    "$p50" "$p99" "$p999" "$errs" - - - -
}

KDAMOND_START=$(kdamond_ms); RUN_START=$(date +%s)
has_mode paced && { log "reference floor: nghttpd"; reference_floor; }

# ---- Kairos -------------------------------------------------------------------------------------
declare -A RSS
for store in $STORES; do
  if [[ $store == redis ]] && has_mode paced; then
    log "reference: raw Redis reads, paced"
    for rows in $ROWS; do raw_redis_paced "$rows"; done
  fi
  log "kairos serve on $store"
  start_server "$store"
  check_answers 1; check_answers 100
  echo 0 > "$WORK/rss"
  sample_rss & sampler=$!
  has_mode paced && h2 "$store" 0 health paced
  has_mode burst && h2 "$store" 0 health burst
  for rows in $ROWS; do
    if has_mode paced; then
      h2 "$store" "$rows" grpc paced
      h2 "$store" "$rows" http paced
    fi
    if [[ $rows == 1 ]] && has_mode burst; then
      h2 "$store" "$rows" grpc burst
      h2 "$store" "$rows" http burst
    fi
    if has_mode saturated; then
      h2 "$store" "$rows" grpc saturated
      h2 "$store" "$rows" http saturated
      wrk_sat "$store" "$rows"
    fi
  done
  RSS[$store]=$(( $(cat "$WORK/rss") / 1024 ))
  stop_server
  wait "$sampler" 2>/dev/null || true
done

# ---- raw Redis baseline: the same rows, read with GET (1 key) or MGET (100 keys) ----------------
RAW="$WORK/raw.tsv"; : > "$RAW"   # rows pipeline rps p50 p99
raw_n=$((QUICK ? 20000 : 200000))
[[ " $STORES " == *" redis "* ]] && has_mode saturated && for rows in $ROWS; do
  mapfile -t keys < "$WORK/bodies/keys-$rows.txt"
  cmd=(GET "${keys[0]}"); ((rows > 1)) && cmd=(MGET "${keys[@]}")
  for pipe in 1 16; do
    n=$((rows == 1 ? raw_n : raw_n / 10))
    line=$(redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" --dbnum "$REDIS_DB" -c "$CONNS" -n "$n" \
      -P "$pipe" --csv "${cmd[@]}" | tail -1 | tr -d '"')
    IFS=, read -r _ rps _ _ p50 _ p99 _ <<<"$line"
    printf '%s\t%s\t%s\t%s\t%s\n' "$rows" "$pipe" "${rps%.*}" "$p50" "$p99" | tee -a "$RAW" >&2
  done
done

# ---- report -------------------------------------------------------------------------------------
raw_of() { awk -F'\t' -v r="$1" -v p="$2" -v c="$3" '$1 == r && $2 == p { print $c }' "$RAW"; }
kairos_of() { awk -F'\t' -v s="$1" -v r="$2" -v pr="$3" -v t="$4" -v m="$5" -v c="$6" \
  '$1 == s && $2 == r && $3 == pr && $4 == t && $5 == m { print $c }' "$RESULTS"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

REPORT="$WORK/server.md"
{
  echo "# Feature server load test"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB RAM, $(uname -sr); $(java -version 2>&1 | head -1)"
  echo "- load generators on the same cores as the server (and other work on this machine): numbers show direction"
  kd=$(( $(kdamond_ms) - KDAMOND_START )); secs=$(( $(date +%s) - RUN_START ))
  if [[ -n "$(pgrep '^kdamond' || true)" ]]; then
    echo "- the kernel's DAMON reclaim thread (kdamond) ran ${kd} ms of CPU in the run's ${secs} s ($(awk -v k="$kd" -v s="$secs" 'BEGIN { printf "%.1f", k / (s > 0 ? s : 1) }') ms/s; what it does to the tail here: BENCHMARKS.md)"
  fi
  echo "- data: $USERS users x 50 features (DOUBLE, INT64, FLOAT, STRING, BOOL), one view; requests name service \`bench\` (all 50)"
  echo "- server JVM options: \`$SERVER_OPTS\`; $DUR s per measurement; warm-up before each paced row: $WARM s saturated, then $WARM s paced; before each saturated row: $WARM s"
  echo "- modes: **paced** = the offered rate as evenly spaced, open-loop requests (\`paced-h2load.sh\`: h2load timing scripts in several one-connection processes); **burst** = the same rate through \`h2load --rps\` on 4 connections, whose timer releases 20 requests at once every 10 ms; **saturated** = as fast as $CONNS connections go"
  subset=""
  [[ "$STORES" != "rocksdb redis" ]] && subset+="STORES=\"$STORES\" "
  [[ "$ROWS" != "1 100" ]] && subset+="ROWS=\"$ROWS\" "
  [[ "$MODES" != "paced burst saturated" ]] && subset+="MODES=\"$MODES\" "
  echo "- reproduce: \`${subset}kairos-bench/bin/server-load.sh$( ((QUICK)) && echo ' --quick')\`"
  echo
  echo "| store | entities x features | protocol | tool | mode | offered req/s | achieved req/s | p50 ms | p99 ms | p99.9 ms | errors | in server p50 / p99 ms | store read p50 / p99 ms | steal % |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | %s |\n", $1, ($2 == 0 ? "none (GET /healthz)" : $2 " x 50"), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16 }' "$RESULTS"
  echo
  echo "In server / store read: the same paced run as the server's own histograms record it (\`kairos_request_duration_seconds\` and \`kairos_online_read_duration_seconds\`, scraped from \`/metrics\` before and after the run; each figure is the upper bound of the histogram bucket that holds the quantile). In server: from the request's arrival in Kairos' code to its answer, without the share of the generator and the kernel; store read: the online store's part of it. Steal: the share of the virtual CPUs' time the hypervisor ran something else during the measurement (\`/proc/stat\`); any request in flight then waits."
  echo
  if [[ -n "$(kairos_of "$RAW_REF" 1 resp paced-redis paced 9)$(kairos_of "$RAW_REF" 100 resp paced-redis paced 9)" ]]; then
    echo "Kairos on Redis / raw Redis at the same paced rate (the rows above: h2load through the server against the C client's GET / MGET of the same keys):"
    echo
    echo "| entities | protocol | Kairos p50 ms | raw p50 ms | p50 Kairos/raw | Kairos p99 ms | raw p99 ms | p99 Kairos/raw | p99 Kairos - raw ms |"
    echo "|---|---|---|---|---|---|---|---|---|"
    for rows in $ROWS; do
      r50=$(kairos_of "$RAW_REF" "$rows" resp paced-redis paced 8)
      r99=$(kairos_of "$RAW_REF" "$rows" resp paced-redis paced 9)
      [[ -n "$r99" ]] || continue
      for proto in grpc http; do
        k50=$(kairos_of redis "$rows" "$proto" h2load paced 8); k99=$(kairos_of redis "$rows" "$proto" h2load paced 9)
        [[ -n "$k99" ]] || continue
        echo "| $rows | $proto | $k50 | $r50 | $(ratio "$k50" "$r50") | $k99 | $r99 | $(ratio "$k99" "$r99") | $(awk -v a="$k99" -v b="$r99" 'BEGIN { printf "%.3f", a - b }') |"
      done
    done
    echo
  fi
  if [[ -s "$RAW" ]]; then
    echo "Raw Redis, same rows (redis-benchmark, $CONNS connections; GET for 1 entity, MGET of the 100 keys):"
    echo
    echo "| entities | pipeline | req/s | p50 ms | p99 ms |"
    echo "|---|---|---|---|---|"
    awk -F'\t' '{ printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }' "$RAW"
    echo
    echo "Kairos on Redis / raw Redis (gRPC via h2load, saturated, vs redis-benchmark unpipelined with the same connections):"
    echo
    echo "| entities | Kairos req/s | raw req/s | throughput Kairos/raw | Kairos p50 ms | raw p50 ms | p50 Kairos/raw | Kairos p99 ms | raw p99 ms | p99 Kairos/raw |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    for rows in 1 100; do
      kr=$(kairos_of redis "$rows" grpc h2load saturated 7); rr=$(raw_of "$rows" 1 3)
      k50=$(kairos_of redis "$rows" grpc h2load saturated 8); r50=$(raw_of "$rows" 1 4)
      k99=$(kairos_of redis "$rows" grpc h2load saturated 9); r99=$(raw_of "$rows" 1 5)
      echo "| $rows | $kr | $rr | $(ratio "$kr" "$rr") | $k50 | $r50 | $(ratio "$k50" "$r50") | $k99 | $r99 | $(ratio "$k99" "$r99") |"
    done
    echo
  fi
  echo "Server resident memory (max of \`ps -o rss\` under load): RocksDB ${RSS[rocksdb]:--} MB, Redis ${RSS[redis]:--} MB."
} > "$REPORT"

mkdir -p "$(dirname "$REPORT_TO")"
cp "$REPORT" "$REPORT_TO"
echo
cat "$REPORT"
echo
echo "written to $REPORT_TO"
