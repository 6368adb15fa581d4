#!/usr/bin/env bash
# Dashboard overhead (issue 19): serving p99 at the same evenly paced rate (paced-h2load.sh) on one
# `kairos serve`, three ways, alternated ROUNDS times so that all see the same phases of the machine:
#   closed  no dashboard open (the server still samples its meters once a second: server.ui is on);
#   poll    what an open Serving page asks of the server: GET /v1/ui/serving?since=... every second
#           (one small Python process on a kept-alive connection), without a browser;
#   open    headless Chromium on the Serving page (polls every second and redraws its charts), on
#           this machine, so its CPU competes with the server's for the same cores.
# Prints a markdown table and the ratios of the medians of the p99s (poll / closed, open / closed).
#
# usage: kairos-bench/bin/dashboard.sh [--skip-build]
# env: USERS (2000), DAYS (7), RATE (500 req/s), ROUND_SECONDS (20), ROUNDS (3), WARM (5 s),
#      KAIROS_JAR (kairos-cli/target/kairos.jar), CHROMIUM (/usr/bin/chromium),
#      REPORT_TO (kairos-bench/results/dashboard.md)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
BUILD=1
for arg in "$@"; do
  case "$arg" in
    --skip-build) BUILD=0 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "unknown option '$arg'; valid: --skip-build --help" >&2; exit 2 ;;
  esac
done
USERS=${USERS:-2000}; DAYS=${DAYS:-7}; RATE=${RATE:-500}; DUR=${ROUND_SECONDS:-20}; ROUNDS=${ROUNDS:-3}
WARM=${WARM:-5}; JAR=${KAIROS_JAR:-kairos-cli/target/kairos.jar}; CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
REPORT_TO=${REPORT_TO:-kairos-bench/results/dashboard.md}
((BUILD)) && ./mvnw -B -q -pl kairos-cli -am package -DskipTests
bash kairos-bench/bin/ensure-tools.sh
[[ -x "$CHROMIUM" ]] || { echo "$CHROMIUM is missing: apt-get install chromium" >&2; exit 2; }
JAR=$(realpath "$JAR")
WORK=$(mktemp -d /tmp/kairos-dashboard-bench.XXXXXX)
SERVER_PID=""; BROWSER_PID=""; POLLER_PID=""
cleanup() {
  [[ -n "$POLLER_PID" ]] && kill "$POLLER_PID" 2>/dev/null || true
  [[ -n "$BROWSER_PID" ]] && kill "$BROWSER_PID" 2>/dev/null || true
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  sleep 1; rm -rf "$WORK" 2>/dev/null || true # Chromium's helpers may still be closing its profile
}
trap cleanup EXIT
kairos() { (cd "$WORK/repo" && java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR" "$@"); }

mkdir -p "$WORK" && (cd "$WORK" && java -jar "$JAR" init repo >/dev/null)
kairos generate --users "$USERS" --days "$DAYS" --seed 7 --output tx.csv >/dev/null
kairos apply >/dev/null
kairos ingest transactions tx.csv >/dev/null
kairos materialize 2000-01-01T00:00:00Z 2100-01-01T00:00:00Z >/dev/null
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$WORK/repo" && exec java -Xms256m -Xmx256m -jar "$JAR" serve --host 127.0.0.1 --port "$PORT" \
  > "$WORK/serve.log" 2>&1) &
SERVER_PID=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }

# One entity, 8 features of the user's own views (as the Lookup page asks for them).
echo '{"features": ["user_last_transaction:amount", "user_last_transaction:country",
  "user_last_transaction:merchant_category", "user_last_transaction:device_id",
  "user_txn_windows:amount_count_1h", "user_txn_windows:amount_sum_1d",
  "user_txn_windows:amount_avg_30d", "user_txn_windows:country_count_distinct_1d"],
  "entities": {"user_id": [1001]}}' > "$WORK/body.json"
URL="http://127.0.0.1:$PORT/get-online-features"
REQ=(-H 'content-type: application/json' -d "$WORK/body.json")
curl -sf -X POST -H 'content-type: application/json' --data-binary @"$WORK/body.json" "$URL" >/dev/null

percentiles() { # h2load logs -> "p50 p99 p999 non200" in ms
  cat "$@" | awk -F'\t' '$2 == 0 { next } { if ($2 != 200) bad++; print $3 } END { print "BAD", bad+0 > "/dev/stderr" }' \
    2>"$WORK/bad" | sort -n | awk '{ v[NR] = $1 }
      function q(p,  i) { i = int(p * NR); if (i < p * NR) i++; if (i < 1) i = 1; return v[i] / 1000 }
      END { printf "%.3f %.3f %.3f", q(0.50), q(0.99), q(0.999) }'
  printf ' %s\n' "$(awk '{print $2}' "$WORK/bad")"
}

open_browser() {
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage \
    --user-data-dir="$WORK/profile-$round" --window-size=1280,1000 --remote-debugging-port=0 \
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1' \
    "http://127.0.0.1:$PORT/ui/#/serving" > "$WORK/chromium.log" 2>&1 &
  BROWSER_PID=$!
  sleep 3 # the page loads and starts polling
  kill -0 "$BROWSER_PID" || { echo "chromium exited:" >&2; cat "$WORK/chromium.log" >&2; exit 1; }
}

open_poller() { # one long-lived process (no fork per poll), as a browser tab keeps one
  python3 - "$PORT" <<'PY' &
import http.client, sys, time
conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=10)
last = 0
while True:
    conn.request("GET", "/v1/ui/serving?since=%d" % last)
    conn.getresponse().read()
    last = int(time.time() * 1000) - 1000
    time.sleep(1)
PY
  POLLER_PID=$!
}

close_poller() {
  kill "$POLLER_PID" 2>/dev/null || true
  wait "$POLLER_PID" 2>/dev/null || true
  POLLER_PID=""
}

close_browser() {
  kill "$BROWSER_PID" 2>/dev/null || true
  wait "$BROWSER_PID" 2>/dev/null || true
  BROWSER_PID=""
}

# Warm-up: volume for the JIT, then the paced rate with and without the browser.
h2load -c 4 -m 16 -D "$WARM" -t 1 "${REQ[@]}" "$URL" >/dev/null 2>&1
bash kairos-bench/bin/paced-h2load.sh "$RATE" "$WARM" "$WORK/paced" "$URL" "${REQ[@]}" >/dev/null
ROWS="$WORK/rows"; : > "$ROWS"
for round in $(seq 1 "$ROUNDS"); do
  for side in closed poll open; do
    [[ $side == open ]] && open_browser
    [[ $side == poll ]] && open_poller
    read -r achieved errors < <(bash kairos-bench/bin/paced-h2load.sh "$RATE" "$DUR" "$WORK/paced" "$URL" "${REQ[@]}")
    read -r p50 p99 p999 bad < <(percentiles "$WORK"/paced/paced-*.log)
    [[ $side == poll ]] && close_poller
    if [[ $side == open ]]; then
      kill -0 "$BROWSER_PID" || { echo "chromium exited during the round" >&2; exit 1; }
      close_browser
    fi
    echo "$round $side $achieved $p50 $p99 $p999 $((errors + bad))" >> "$ROWS"
    echo "round $round, dashboard $side: $achieved req/s, p50 $p50 ms, p99 $p99 ms, p99.9 $p999 ms" >&2
  done
done

median() { # side -> the median of its rounds' p99
  awk -v s="$1" '$2 == s { print $5 }' "$ROWS" | sort -n | awk '{ v[NR] = $1 }
    END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

mkdir -p "$(dirname "$REPORT_TO")"
{
  echo "## Dashboard overhead ($(date -u '+%Y-%m-%d %H:%M UTC'); kairos-bench/bin/dashboard.sh, USERS=$USERS RATE=$RATE ROUND_SECONDS=$DUR ROUNDS=$ROUNDS)"
  echo
  echo "POST /get-online-features, 1 entity x 8 features, RocksDB, paced at $RATE req/s. closed: no dashboard; poll: GET /v1/ui/serving every second (what an open Serving page asks of the server); open: headless Chromium on the Serving page on the same $(nproc) vCPUs."
  echo
  echo "| round | dashboard | achieved req/s | p50 ms | p99 ms | p99.9 ms | errors |"
  echo "|---|---|---|---|---|---|---|"
  awk '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }' "$ROWS"
  echo
  mo=$(median open); mp=$(median poll); mc=$(median closed)
  awk -v o="$mo" -v p="$mp" -v c="$mc" 'BEGIN {
    printf "median p99: closed %.3f ms, poll %.3f ms, open %.3f ms; ratio poll/closed %.2f, open/closed %.2f\n",
      c, p, o, p / c, o / c }'
} | tee "$REPORT_TO"
