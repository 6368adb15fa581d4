#!/usr/bin/env bash
# Online aggregation benchmark (issue 15): the feature server answering a service of 21 windowed
# aggregations (computed at request time from each entity's aggregation state) against a service
# of 21 plain features over the same three entities (user, merchant, device), at the same evenly
# paced rate (paced-h2load.sh, HTTP/JSON POST /get-online-features, one entity row), alternated
# ROUNDS times on one server, on RocksDB and on Redis. Reports p50/p99 per run and the p99 ratio
# aggregations / plain per round and their median.
#
# usage: kairos-bench/bin/server-agg.sh [--quick] [--skip-build]
#   --quick       2,000 users, 5 s per run; default 20,000 users (≈ 2.6M transactions), 20 s
# env: RATE (offered req/s, default 1000), ROUNDS (3), STORES ("rocksdb redis"),
#      KAIROS_REDIS_URL (redis://127.0.0.1:6379/0), SERVER_OPTS (-Xms256m -Xmx256m),
#      REPORT_TO (kairos-bench/results/server-agg.md)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
QUICK=0; BUILD=1
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --skip-build) BUILD=0 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "unknown option '$arg'; valid: --quick --skip-build --help" >&2; exit 2 ;;
  esac
done
if ((QUICK)); then USERS=2000; DUR=5; WARM=2; else USERS=20000; DUR=20; WARM=10; fi
RATE=${RATE:-1000}; ROUNDS=${ROUNDS:-3}; STORES=${STORES:-rocksdb redis}
REDIS_URL=${KAIROS_REDIS_URL:-redis://127.0.0.1:6379/0}
SERVER_OPTS=${SERVER_OPTS:--Xms256m -Xmx256m}
REPORT_TO=${REPORT_TO:-kairos-bench/results/server-agg.md}
PREFIX="kaggbench$$"

bash kairos-bench/bin/ensure-tools.sh
((BUILD)) && bash kairos-bench/bin/build.sh
BENCH="$ROOT/kairos-bench/target/benchmarks.jar"
CLI="$ROOT/kairos-cli/target/kairos.jar"
WORK=$(mktemp -d /tmp/kairos-server-agg.XXXXXX)
SERVER_PID=""
stop_server() { [[ -n "$SERVER_PID" ]] && { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }; return 0; }
cleanup() {
  stop_server
  redis-cli -u "$REDIS_URL" --scan --pattern "{$PREFIX:*" | xargs -r -n 500 redis-cli -u "$REDIS_URL" unlink >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
kairos() { java -jar "$CLI" "$@"; }
log() { printf '\n== %s\n' "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

log "data: $USERS users x 30 days of generated transactions"
kairos generate --users "$USERS" --days 30 --seed 42 --output "$WORK/tx.csv" >/dev/null
EVENTS=$(($(wc -l < "$WORK/tx.csv") - 1))
# The busiest user's latest transaction: its user, merchant and device are the request's keys.
read -r USER MERCHANT DEVICE < <(python3 - "$WORK/tx.csv" <<'PY'
import csv, sys, collections
rows = list(csv.DictReader(open(sys.argv[1])))
top = collections.Counter(r["user_id"] for r in rows).most_common(1)[0][0]
last = max((r for r in rows if r["user_id"] == top), key=lambda r: r["event_timestamp"])
print(last["user_id"], last["merchant_id"], last["device_id"])
PY
)
for svc in agg plain; do
  printf '{"feature_service":"%s","full_feature_names":true,"entities":{"user_id":[%s],"merchant_id":[%s],"device_id":["%s"]}}' \
    "$svc" "$USER" "$MERCHANT" "$DEVICE" > "$WORK/$svc.json"
done

RESULTS="$WORK/results.tsv"; : > "$RESULTS"
percentiles() { # h2load log -> "p50 p99" in ms
  awk -F'\t' '$2 == 0 { next } { print $3 }' "$1" | sort -n | awk '{ v[NR] = $1 }
    function q(p,  i) { i = int(p * NR); if (i < p * NR) i++; if (i < 1) i = 1; return v[i] / 1000 }
    END { printf "%.3f %.3f\n", q(0.50), q(0.99) }'
}
paced() { # store service round
  local url="http://127.0.0.1:$PORT/get-online-features" req=(-H 'content-type: application/json' -d "$WORK/$2.json")
  bash kairos-bench/bin/paced-h2load.sh "$RATE" "$WARM" "$WORK/paced" "$url" "${req[@]}" >/dev/null
  read -r achieved errs < <(bash kairos-bench/bin/paced-h2load.sh "$RATE" "$DUR" "$WORK/paced" "$url" "${req[@]}")
  cat "$WORK"/paced/paced-*.log > "$WORK/log-$1-$2-$3"
  read -r p50 p99 < <(percentiles "$WORK/log-$1-$2-$3")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$achieved" "$errs" "$p50" "$p99" | tee -a "$RESULTS" >&2
}

for store in $STORES; do
  dir="$WORK/$store"
  if [[ $store == redis ]]; then java -cp "$BENCH" dev.kairos.bench.server.AggServerRepo "$dir" redis "$REDIS_URL" "$PREFIX"
  else java -cp "$BENCH" dev.kairos.bench.server.AggServerRepo "$dir" rocksdb; fi
  log "$store: apply, ingest $EVENTS events, materialize"
  (cd "$dir" && kairos apply >/dev/null && kairos ingest transactions "$WORK/tx.csv" >/dev/null \
    && kairos materialize 2000-01-01T00:00:00Z 2100-01-01T00:00:00Z >/dev/null)
  PORT=$(free_port)
  # shellcheck disable=SC2086
  java $SERVER_OPTS -jar "$CLI" serve --repo "$dir" --host 127.0.0.1 --port "$PORT" > "$WORK/server-$store.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
  for svc in agg plain; do
    out=$(curl -s -X POST -H 'content-type: application/json' --data-binary "@$WORK/$svc.json" "http://127.0.0.1:$PORT/get-online-features")
    grep -q '"PRESENT"' <<<"$out" && ! grep -q 'NOT_FOUND' <<<"$out" || { echo "check of $svc failed: ${out:0:400}" >&2; exit 1; }
  done
  h2load -c 4 -m 16 -D "$WARM" -t 1 -H 'content-type: application/json' -d "$WORK/agg.json" "http://127.0.0.1:$PORT/get-online-features" >/dev/null 2>&1
  h2load -c 4 -m 16 -D "$WARM" -t 1 -H 'content-type: application/json' -d "$WORK/plain.json" "http://127.0.0.1:$PORT/get-online-features" >/dev/null 2>&1
  for round in $(seq 1 "$ROUNDS"); do paced "$store" agg "$round"; paced "$store" plain "$round"; done
  stop_server
done

{
  echo "# Online aggregation benchmark (issue 15)"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) vCPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
  echo "- command: \`kairos-bench/bin/server-agg.sh$( ((QUICK)) && echo ' --quick')\` (RATE=$RATE ROUNDS=$ROUNDS STORES=\"$STORES\")"
  echo "- data: $USERS users, $EVENTS transactions over 30 days; one entity row (the busiest user's latest transaction: user $USER, merchant $MERCHANT, device $DEVICE); POST /get-online-features, paced $RATE req/s for ${DUR} s per run, services alternated"
  echo
  echo "| store | service | round | achieved req/s | errors | p50 ms | p99 ms |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }' "$RESULTS"
  echo
  echo "| store | p99 ratio aggregations / plain per round | median |"
  echo "|---|---|---:|"
  for store in $STORES; do
    awk -F'\t' -v s="$store" '$1 == s { p[$2 "," $3] = $7; if ($3 > n) n = $3 }
      END { for (r = 1; r <= n; r++) { x[r] = p["agg," r] / p["plain," r]; line = line (r > 1 ? ", " : "") sprintf("%.2f", x[r]) }
        asort(x); m = (n % 2) ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2
        printf "| %s | %s | %.2f |\n", s, line, m }' "$RESULTS"
  done
} | tee "$REPORT_TO"
